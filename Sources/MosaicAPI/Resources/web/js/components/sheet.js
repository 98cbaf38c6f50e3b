// A modal sheet (dialog semantics, Escape and backdrop close it, Tab stays inside, focus returns to where it was).
import { h, icon, trapFocus } from "../dom.js";

export function sheet(title, children) {
  const previous = document.activeElement;
  const box = h("div.sheet", { role: "dialog", "aria-modal": "true", "aria-label": title }, h("h2", {}, title), children);
  const backdrop = h("div.sheet-backdrop", {}, box);
  function close() {
    backdrop.remove();
    removeEventListener("keydown", onKey);
    previous?.focus?.();
  }
  function onKey(e) { if (e.key === "Escape") close(); else trapFocus(box, e); }
  backdrop.addEventListener("click", (e) => { if (e.target === backdrop) close(); });
  addEventListener("keydown", onKey);
  box.prepend(h("button.icon-btn", { type: "button", "aria-label": "Close", style: { float: "right", margin: "-12px -12px 0 0" }, onclick: close }, icon("close")));
  document.body.append(backdrop);
  (box.querySelector("input, button:not([aria-label='Close'])") ?? box).focus?.();
  return close;
}
