// #hashtag and @mention completion for a text field: the word at the caret is looked up with
// GET /api/v1/search (type hashtags or users); arrows move, Enter or Tab inserts, Escape dismisses.
import { h, debounce } from "../dom.js";
import { api } from "../api.js";
import { avatar } from "../media.js";

export function attachCompletion(field) {
  const list = h("ul.suggestions", { role: "listbox", id: `sugg-${Math.random().toString(36).slice(2)}`, hidden: true });
  const wrap = h("div.completion");
  field.replaceWith(wrap);
  wrap.append(field, list);
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);
  let items = [], active = -1, token = null;

  function tokenAtCaret() {
    const before = field.value.slice(0, field.selectionStart);
    const m = /(^|\s)([#@])([\p{L}\p{N}_.]*)$/u.exec(before);
    return m ? { sigil: m[2], text: m[3], start: before.length - m[3].length - 1 } : null;
  }
  function hide() { list.hidden = true; items = []; active = -1; field.removeAttribute("aria-activedescendant"); }
  function paint() {
    list.replaceChildren(...items.map((it, i) => h("li", { role: "option", id: `${list.id}-${i}`, "aria-selected": String(i === active),
      onmousedown: (e) => { e.preventDefault(); choose(i); } }, it.node)));
    list.hidden = items.length === 0;
    if (active >= 0) field.setAttribute("aria-activedescendant", `${list.id}-${active}`);
  }
  function choose(i) {
    const it = items[i];
    if (!it || !token) return;
    const insert = token.sigil + it.value + " ";
    const end = token.start + 1 + token.text.length;
    field.value = field.value.slice(0, token.start) + insert + field.value.slice(end);
    const caret = token.start + insert.length;
    field.setSelectionRange(caret, caret);
    field.dispatchEvent(new Event("input"));
    hide();
  }
  const lookup = debounce(async () => {
    token = tokenAtCaret();
    if (!token || token.text.length < 1) return hide();
    const asked = token;
    try {
      const r = await api.get("/api/v1/search", { q: asked.text, type: asked.sigil === "#" ? "hashtags" : "users", limit: 6 });
      if (asked !== token) return;
      items = (r.results ?? []).slice(0, 6).map((x) => {
        if (asked.sigil === "@") return { value: x.username, node: [avatar(x), h("span", {}, h("span.bold", {}, x.username), " ", h("span.muted", {}, x.full_name ?? ""))] };
        const tag = String(x.tag ?? x.name ?? x.hashtag ?? "").replace(/^#/, "");
        return { value: tag, node: [h("span.bold", {}, `#${tag}`), x.post_count != null ? h("span.muted", {}, ` ${x.post_count.toLocaleString("en-US")} posts`) : null] };
      }).filter((x) => x.value);
      active = items.length ? 0 : -1;
      paint();
    } catch { hide(); }
  }, 150);
  field.addEventListener("input", lookup);
  field.addEventListener("blur", () => setTimeout(hide, 100));
  field.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); active = (active + 1) % items.length; paint(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); active = (active - 1 + items.length) % items.length; paint(); }
    else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { e.preventDefault(); choose(active); } }
    else if (e.key === "Escape") { e.preventDefault(); hide(); }
  });
  return wrap;
}
