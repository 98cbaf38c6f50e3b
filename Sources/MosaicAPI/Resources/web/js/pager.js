// Infinite scroll over the API's keyset pagination: a sentinel under the list loads the next page with the
// last `next_cursor` while `has_more` holds. A cursor is never reused, so a page is never shown twice.
import { h } from "./dom.js";
import { messageFor } from "./api.js";

/**
 * load(cursor) → {items, next_cursor, has_more}; render(item) → Node appended to `list`.
 * Returns {stop, loaded: Promise of the first page}.
 */
export function paginate(list, load, render, { empty, after = list } = {}) {
  let cursor = null, busy = false, done = false, pages = 0;
  const seen = new Set();
  const sentinel = h("div.sentinel", { "aria-hidden": "true" });
  const status = h("div", { role: "status" });
  after.after(sentinel);
  sentinel.after(status);

  async function next() {
    if (busy || done) return;
    busy = true;
    status.replaceChildren(h("div.spinner", { "aria-label": "Loading" }));
    try {
      const page = await load(cursor);
      pages += 1;
      for (const item of page.items) {
        const key = item.post_id ?? item.user_id ?? item.notification_id ?? item.thread_id ?? JSON.stringify(item);
        if (seen.has(key)) continue;
        seen.add(key);
        list.append(render(item));
      }
      cursor = page.next_cursor;
      done = !page.has_more || !cursor;
      status.replaceChildren();
      list.dataset.pages = String(pages);
      if (done && seen.size === 0 && empty) status.replaceChildren(empty());
    } catch (err) {
      status.replaceChildren(h("p.notice", {}, messageFor(err), " ", h("button.btn.link", { onclick: () => { done = false; next(); } }, "Retry")));
      done = true;
      throw err;
    } finally {
      busy = false;
    }
    if (!done && sentinel.getBoundingClientRect().top < innerHeight + 800) next();
  }

  const observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) next().catch(() => {}); },
    { rootMargin: "800px 0px" });
  observer.observe(sentinel);
  const loaded = next();
  loaded.catch(() => {});
  return { loaded, stop: () => observer.disconnect(), more: () => next() };
}
