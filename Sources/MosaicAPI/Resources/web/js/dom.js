// Element building without innerHTML: user text always becomes text nodes, so captions cannot inject markup.

/** h("a.tag", {href, onclick}, "text", child, [more]) — class names after dots; on* keys become listeners. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const el = document.createElement(tag || "div");
  if (classes.length) el.className = classes.join(" ");
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = [el.className, value].filter(Boolean).join(" ");
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

const paths = {
  home: "M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z",
  explore: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM15.5 8.5l-2 5-5 2 2-5z",
  plus: "M4 4h16v16H4zM12 8v8M8 12h8",
  heart: "M12 20.5s-8-4.9-8-10.6A4.4 4.4 0 0 1 12 7.3a4.4 4.4 0 0 1 8 2.6c0 5.7-8 10.6-8 10.6z",
  comment: "M20.6 16.6A9 9 0 1 0 17.3 20L21 21z",
  send: "M22 3 11 13M22 3l-7 18-4-8-8-4z",
  bookmark: "M19 21l-7-6-7 6V3h14z",
  search: "M10.5 18a7.5 7.5 0 1 0 0-15 7.5 7.5 0 0 0 0 15zM16 16l5 5",
  user: "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM4 21c0-4.4 3.6-7 8-7s8 2.6 8 7",
  dots: "M5 12h.01M12 12h.01M19 12h.01",
  left: "M15 5l-7 7 7 7",
  right: "M9 5l7 7-7 7",
  close: "M5 5l14 14M19 5 5 19",
  grid: "M3 3h18v18H3zM9 3v18M15 3v18M3 9h18M3 15h18",
  layers: "M8 8h12v12H8zM4 16V4h12",
  info: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v5M12 8h.01",
  edit: "M4 20h4L19 9l-4-4L4 16z",
};

/** An inline SVG icon; decorative unless given a label. */
export function icon(name, { filled = false, label } = {}) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", filled ? "icon filled" : "icon");
  if (label) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", label); }
  else svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", paths[name] ?? paths.dots);
  svg.append(path);
  return svg;
}

/** "3h", "2d", "5w" the way feeds print ages; exact time in the title. */
export function timeAgo(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  const steps = [[60, "s"], [60, "m"], [24, "h"], [7, "d"], [52, "w"]];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (value < size) return `${Math.floor(value)}${unit}`;
    value /= size;
  }
  return `${Math.floor(value)}y`;
}

export function timeEl(iso) {
  return h("time.post-time", { datetime: iso, title: new Date(iso).toLocaleString() }, timeAgo(iso));
}

export function count(n, one, many = one + "s") {
  return `${Number(n).toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** Keeps Tab and Shift+Tab inside a modal (sheets, the story viewer); call from its keydown listener. */
export function trapFocus(container, e) {
  if (e.key !== "Tab") return;
  const focusable = [...container.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), textarea, select, [tabindex='0']")]
    .filter((el) => !el.closest("[hidden]"));
  if (!focusable.length) return;
  const first = focusable[0], last = focusable[focusable.length - 1];
  if (e.shiftKey && (document.activeElement === first || !container.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && (document.activeElement === last || !container.contains(document.activeElement))) { e.preventDefault(); first.focus(); }
}

/** Debounce for typing-driven requests (search, completion). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
