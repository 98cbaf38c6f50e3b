// History-API routing: every screen has a real URL under /app/ (the server answers the app shell for all of
// them), links are ordinary <a href>, and the back button works.
const routes = [];
let current = null;

/** route("/app/u/:username", render) — render(params, view) may return a cleanup function. */
export function route(pattern, render) {
  const names = [];
  const regex = new RegExp("^" + pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return "([^/]+)"; }) + "/?$");
  routes.push({ regex, names, render });
}

export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", path);
  dispatch();
}

export function onNavigate(listener) { addEventListener("mosaic:navigate", listener); }

export async function dispatch() {
  const path = location.pathname;
  current?.cleanup?.();
  const view = document.getElementById("view");
  for (const r of routes) {
    const match = r.regex.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
    const entry = { cleanup: null };
    current = entry;
    dispatchEvent(new CustomEvent("mosaic:navigate", { detail: { path } }));
    view.replaceChildren();
    const cleanup = await r.render(params, view, new URLSearchParams(location.search));
    if (current === entry) entry.cleanup = cleanup; else cleanup?.();
    return;
  }
  navigate("/", { replace: true });
}

/** Same-origin links navigate in place; modified clicks (new tab) keep the browser's behaviour. */
export function interceptLinks() {
  document.addEventListener("click", (e) => {
    const a = e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    const href = a.getAttribute("href");
    if (!href.startsWith("/") || href.startsWith("//") || href.startsWith("/api/") || href.startsWith("/media/")) return;
    e.preventDefault();
    navigate(href);
    document.getElementById("view").focus({ preventScroll: true });
    scrollTo(0, 0);
  });
  addEventListener("popstate", dispatch);
}
