// Start-up: restore the session, draw the navigation (top bar on desktop, tab bar on phones), connect the
// live channel and route to the first screen.
import { h, icon } from "./dom.js";
import { api } from "./api.js";
import { session } from "./session.js";
import { route, dispatch, navigate, interceptLinks, onNavigate } from "./router.js";
import { realtime } from "./realtime.js";
import { unread } from "./unread.js";
import { avatar } from "./media.js";
import { toast } from "./toast.js";
import { loginView, signupView } from "./views/auth.js";
import { feedView } from "./views/feed.js";
import { exploreView } from "./views/explore.js";
import { profileView } from "./views/profile.js";
import { postView, tagView } from "./views/post.js";
import { uploadView } from "./views/upload.js";
import { searchView } from "./views/search.js";
import { notificationsView } from "./views/notifications.js";
import { directView } from "./views/direct.js";

/** Screens that need a session send visitors to the log-in page, then back. */
const signedIn = (view) => (params, el, query) => {
  if (!session.loggedIn) { navigate(`/app/login?next=${encodeURIComponent(location.pathname)}`, { replace: true }); return; }
  return view(params, el, query);
};
const signedOut = (view) => (params, el, query) => {
  if (session.loggedIn) { navigate("/", { replace: true }); return; }
  return view(params, el, query);
};

route("/", signedIn(feedView));
route("/app", signedIn(feedView));
route("/app/login", signedOut(loginView));
route("/app/signup", signedOut(signupView));
route("/app/explore", signedIn(exploreView));
route("/app/new", signedIn(uploadView));
route("/app/search", signedIn(searchView));
route("/app/notifications", signedIn(notificationsView));
route("/app/direct", signedIn(directView));
route("/app/direct/:thread", signedIn(directView));
route("/app/u/:username", profileView);
route("/app/p/:id", postView);
route("/app/tags/:tag", tagView);

function badge(n, label) {
  return n > 0 ? h("span.badge", { "aria-label": `${n} ${label}` }, n > 99 ? "99+" : String(n)) : null;
}

function drawNav() {
  const topbar = document.getElementById("topbar");
  const tabbar = document.getElementById("tabbar");
  topbar.hidden = tabbar.hidden = !session.loggedIn;
  if (!session.loggedIn) return;
  const me = session.me ?? { username: session.username };
  const here = location.pathname;
  const link = (href, name, label, extra = {}) => h("a.nav-link", { href, "aria-label": label, title: label,
    "aria-current": here === href ? "page" : null, ...extra }, typeof name === "string" ? icon(name, { filled: here === href && name !== "explore" && name !== "plus" }) : name);
  const search = h("input", { type: "search", placeholder: "Search", "aria-label": "Search" });
  search.addEventListener("keydown", (e) => { if (e.key === "Enter") navigate(`/app/search?q=${encodeURIComponent(search.value)}`); });
  topbar.replaceChildren(h("div.topbar-inner", {},
    h("a.logo", { href: "/", "aria-label": "Mosaic home" }, h("img", { src: document.querySelector("link[rel=icon]").href, alt: "" }), "Mosaic"),
    h("div.top-search", { role: "search" }, search),
    h("nav.nav-links", { "aria-label": "Primary" },
      h("span.desktop-only", {},
        link("/", "home", "Home"), link("/app/explore", "explore", "Explore"), link("/app/new", "plus", "New post")),
      link("/app/direct", "send", "Messages", {}), link("/app/notifications", "heart", "Notifications"),
      h("span.desktop-only", {},
        h("a.nav-link", { href: `/app/u/${me.username}`, "aria-label": "Profile", title: "Profile" }, avatar(me))),
      h("button.nav-link.desktop-only", { type: "button", "aria-label": "Log out", title: "Log out", onclick: logOut }, icon("close")))));
  paintBadges();
  tabbar.replaceChildren(link("/", "home", "Home"), link("/app/search", "search", "Search"), link("/app/new", "plus", "New post"),
    link("/app/explore", "explore", "Explore"), h("a.nav-link", { href: `/app/u/${me.username}`, "aria-label": "Profile" }, avatar(me)));
}

/** Badges change without redrawing the bar (a redraw would steal focus from the search field). */
function paintBadges() {
  const slots = [["/app/direct", unread.messages, "unread messages"], ["/app/notifications", unread.notifications, "unread notifications"]];
  for (const [href, n, label] of slots) {
    for (const a of document.querySelectorAll(`#topbar [href="${href}"], #tabbar [href="${href}"]`)) {
      a.querySelector(".badge")?.remove();
      const b = badge(n, label);
      if (b) a.append(b);
    }
  }
}

async function logOut() {
  try { await api.delete("/api/v1/sessions"); } catch { /* the token is dropped either way */ }
  realtime.disconnect();
  session.end();
  navigate("/app/login");
}

async function signedInStart() {
  drawNav();
  try { session.setProfile(await api.get("/api/v1/me")); drawNav(); } catch { /* 401 handled by api.js */ }
  if (!session.loggedIn) return;
  realtime.connect();
  unread.refresh(session.userId).catch(() => {});
}

session.addEventListener("change", () => { if (session.loggedIn) signedInStart(); else drawNav(); });
session.addEventListener("expired", () => { toast("Your session ended. Please log in again."); navigate("/app/login"); });
unread.addEventListener("change", paintBadges);
onNavigate(drawNav);
interceptLinks();
if (session.loggedIn) signedInStart(); else drawNav();
dispatch();
