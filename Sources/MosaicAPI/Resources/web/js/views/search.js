// Search people, hashtags and places (GET /api/v1/search): results as you type, typo-tolerant for people.
import { h, debounce } from "../dom.js";
import { api, messageFor } from "../api.js";
import { avatar } from "../media.js";
import { navigate } from "../router.js";

export function searchView(_params, view, query) {
  let type = query.get("type") ?? "users";
  const input = h("input.field", { type: "search", placeholder: "Search", "aria-label": "Search", value: query.get("q") ?? "", autocomplete: "off" });
  const results = h("ul.list", { "aria-label": "Results", "aria-live": "polite" });
  const seg = h("div.seg", { role: "group", "aria-label": "Search for" });
  const types = [["users", "Accounts"], ["hashtags", "Tags"], ["locations", "Places"]];
  const paintSeg = () => seg.replaceChildren(...types.map(([t, label]) =>
    h("button", { type: "button", "aria-pressed": String(t === type), onclick: () => { type = t; paintSeg(); run(); } }, label)));
  paintSeg();

  function row(r) {
    if (type === "users") {
      return h("li", {}, h("a.row", { href: `/app/u/${encodeURIComponent(r.username)}` }, avatar(r, "medium"),
        h("span.grow", {}, h("span.bold", {}, r.username, r.is_verified ? " ✔" : ""), h("span.muted", {}, r.full_name ?? ""))));
    }
    const name = String(r.tag ?? r.name ?? r.hashtag ?? "").replace(/^#/, "");
    const href = type === "hashtags" ? `/app/tags/${encodeURIComponent(name)}` : `/app/search?type=locations&q=${encodeURIComponent(name)}`;
    return h("li", {}, h("a.row", { href },
      h("span.avatar.medium", { style: { background: "var(--soft)", color: "var(--text)" }, "aria-hidden": "true" }, type === "hashtags" ? "#" : "📍"),
      h("span.grow", {}, h("span.bold", {}, type === "hashtags" ? `#${name}` : name),
        r.post_count != null ? h("span.muted", {}, `${Number(r.post_count).toLocaleString("en-US")} posts`) : null)));
  }

  let asked = 0;
  const run = debounce(async () => {
    const q = input.value.trim();
    history.replaceState(null, "", `/app/search?type=${type}${q ? `&q=${encodeURIComponent(q)}` : ""}`);
    if (!q) { results.replaceChildren(); return; }
    const mine = ++asked;
    try {
      const r = await api.get("/api/v1/search", { q, type, limit: 30 });
      if (mine !== asked) return;
      const list = r.results ?? [];
      results.replaceChildren(...(list.length ? list.map(row) : [h("li.notice", {}, "No results found.")]));
    } catch (err) {
      if (mine === asked) results.replaceChildren(h("li.notice", {}, messageFor(err)));
    }
  }, 200);
  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { const first = results.querySelector("a"); if (first) { e.preventDefault(); navigate(first.getAttribute("href")); } }
  });
  view.append(h("section.content-narrow", {}, h("h1.page-title", {}, "Search"), input, seg, results));
  input.focus();
  if (input.value) run();
}
