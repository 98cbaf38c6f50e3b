// Send a post to someone in Direct (POST /api/v1/posts/{id}/share): search people, pick, send.
import { h, debounce } from "../dom.js";
import { api } from "../api.js";
import { avatar } from "../media.js";
import { sheet } from "./sheet.js";
import { toast, toastError } from "../toast.js";
import { signal } from "../signals.js";

export function shareSheet(post) {
  const results = h("ul.list");
  const chosen = new Map();
  const send = h("button.btn.primary", { type: "button", disabled: true, style: { width: "100%", marginTop: "12px" } }, "Send");
  const input = h("input.field", { type: "search", placeholder: "Search people", "aria-label": "Search people" });
  const search = debounce(async () => {
    const q = input.value.trim();
    if (!q) { results.replaceChildren(); return; }
    try {
      const r = await api.get("/api/v1/search", { q, type: "users" });
      results.replaceChildren(...(r.results ?? []).slice(0, 8).map((u) => {
        const box = h("input", { type: "checkbox", checked: chosen.has(u.user_id), "aria-label": `Send to ${u.username}` });
        box.addEventListener("change", () => { box.checked ? chosen.set(u.user_id, u) : chosen.delete(u.user_id); send.disabled = chosen.size === 0; });
        return h("li", {}, h("label.row", {}, avatar(u), h("span.grow", {}, h("span.bold", {}, u.username), h("span.muted", {}, u.full_name ?? "")), box));
      }));
    } catch (err) { toastError(err); }
  }, 200);
  input.addEventListener("input", search);
  const close = sheet("Share", [input, results, send]);
  send.addEventListener("click", async () => {
    try {
      await api.post(`/api/v1/posts/${post.post_id}/share`, { to_user_ids: [...chosen.keys()] });
      signal(post.post_id, "share", "feed");
      close(); toast("Sent.");
    } catch (err) { toastError(err); }
  });
}
