// Images the way the API serves them: a blurred placeholder painted at once, then the right variant
// (150/320/640/1080 via srcset) loaded lazily and faded in.
import { h } from "./dom.js";
import { blurhashToDataURL } from "./blurhash.js";

const VARIANTS = ["150", "320", "640", "1080"];

export function srcset(urls) {
  return VARIANTS.filter((v) => urls?.[v]).map((v) => `${urls[v]} ${v}w`).join(", ");
}

/** A placeholder as a CSS background: data: URLs directly, BlurHash strings decoded to a tiny PNG. */
export function placeholderURL(placeholder) {
  if (!placeholder) return null;
  if (placeholder.startsWith("data:") || placeholder.startsWith("/")) return placeholder;
  try { return blurhashToDataURL(placeholder); } catch { return null; }
}

/**
 * `sizes` says how wide the image renders so the browser picks the variant; `square` crops to a tile.
 * Alt text goes on the <img> for screen readers.
 */
export function mediaImage(m, { sizes = "(max-width: 735px) 100vw, 470px", square = false, eager = false } = {}) {
  const ph = placeholderURL(m.placeholder);
  const box = h("div.media", {
    style: {
      aspectRatio: square ? "1" : `${m.width || 1} / ${m.height || 1}`,
      backgroundImage: ph ? `url("${ph}")` : "",
    },
  });
  const img = h("img", {
    src: m.urls?.["640"] ?? m.url, srcset: srcset(m.urls), sizes, alt: m.alt_text || "Photo",
    loading: eager ? "eager" : "lazy", decoding: "async", width: m.width, height: m.height,
  });
  const done = () => { img.classList.add("loaded"); box.style.backgroundImage = ""; box.classList.add("ready"); };
  img.addEventListener("load", done, { once: true });
  img.addEventListener("error", () => img.classList.add("loaded"), { once: true });
  if (img.complete && img.naturalWidth) done();
  box.append(img);
  return box;
}

const palette = ["#f58529", "#dd2a7b", "#8134af", "#515bd4", "#1a9e76", "#d95f02", "#0095f6"];

/** A profile picture, or the initial on a colour derived from the username. */
export function avatar(user, size = "") {
  const name = user?.username ?? "?";
  if (user?.profile_pic_url) {
    return h("img.avatar", { class: size, src: user.profile_pic_url, alt: `${name}'s profile picture`, loading: "lazy" });
  }
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return h("span.avatar", { class: size, role: "img", "aria-label": `${name}'s profile picture`,
    style: { background: palette[hash % palette.length] } }, name[0]?.toUpperCase());
}
