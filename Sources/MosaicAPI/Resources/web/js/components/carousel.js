// Up to ten photos side by side with scroll snapping: swipe on phones, arrow buttons and arrow keys on
// desktops, dots for the position. Double-tap anywhere likes the post.
import { h, icon } from "../dom.js";
import { mediaImage } from "../media.js";

export function carousel(media, { onDoubleTap, sizes } = {}) {
  const heart = icon("heart", { filled: true });
  heart.classList.add("heart-pop");
  const slides = media.map((m, i) => mediaImage(m, { sizes, eager: false, square: false, index: i }));
  const wrap = h("div.carousel", { role: media.length > 1 ? "group" : null,
    "aria-roledescription": media.length > 1 ? "carousel" : null, "aria-label": media.length > 1 ? `${media.length} photos` : null });
  if (onDoubleTap) {
    wrap.addEventListener("dblclick", () => {
      onDoubleTap();
      heart.classList.remove("show"); void heart.getBoundingClientRect(); heart.classList.add("show");
    });
  }
  if (media.length === 1) {
    slides[0].append(heart);
    wrap.append(slides[0]);
    return wrap;
  }
  const track = h("div.carousel-track", { tabindex: "0" }, slides);
  const dots = h("div.dots", { "aria-hidden": "true" }, media.map((_, i) => h("span", { class: i === 0 ? "on" : "" })));
  const prev = h("button.carousel-nav.prev", { type: "button", "aria-label": "Previous photo", hidden: true, onclick: () => go(-1) }, icon("left"));
  const next = h("button.carousel-nav.next", { type: "button", "aria-label": "Next photo", onclick: () => go(1) }, icon("right"));
  let index = 0;
  function go(step) {
    const target = Math.max(0, Math.min(media.length - 1, index + step));
    track.scrollTo({ left: target * track.clientWidth, behavior: "smooth" });
  }
  track.addEventListener("scroll", () => {
    const i = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
    if (i === index) return;
    index = i;
    [...dots.children].forEach((d, k) => d.classList.toggle("on", k === i));
    prev.hidden = i === 0;
    next.hidden = i === media.length - 1;
  }, { passive: true });
  track.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight") { e.preventDefault(); go(1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); go(-1); }
  });
  wrap.append(track, prev, next, dots, heart);
  return wrap;
}
