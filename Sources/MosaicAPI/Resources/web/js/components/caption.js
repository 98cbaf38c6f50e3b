// Captions and comments with #hashtags and @mentions turned into links (text nodes only, never HTML).
import { h } from "../dom.js";

const token = /([#@])([\p{L}\p{N}_.]+)/gu;

export function richText(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(token)) {
    out.push(text.slice(last, m.index));
    const name = m[2].replace(/\.+$/, "");
    const href = m[1] === "#" ? `/app/tags/${encodeURIComponent(name.toLowerCase())}` : `/app/u/${encodeURIComponent(name.toLowerCase())}`;
    out.push(h("a.tag", { href }, m[1] + name));
    out.push(m[2].slice(name.length));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
