// Activity: likes, comments, follows, mentions and messages, aggregated per post ("a and 4 others liked
// your photo"). New ones arrive live over the WebSocket.
import { h, timeEl, debounce } from "../dom.js";
import { api } from "../api.js";
import { avatar } from "../media.js";
import { paginate } from "../pager.js";
import { realtime } from "../realtime.js";
import { unread } from "../unread.js";

const verbs = {
  like: "liked your photo.", comment: "commented on your photo.", follow: "started following you.",
  follow_request: "requested to follow you.", follow_accepted: "accepted your follow request.",
  mention: "mentioned you.", message: "sent you a message.", reply: "replied to your comment.", story_reply: "replied to your story.",
};

export function describe(n) {
  if (n.text) return n.text;
  const actors = n.actors ?? [];
  const first = actors[0]?.username ?? "Someone";
  const total = n.actor_count ?? actors.length;
  const others = total - 1;
  const who = others > 0 ? `${first} and ${others} ${others === 1 ? "other" : "others"}` : first;
  return `${who} ${verbs[n.type] ?? n.text ?? n.type}`;
}

function item(n) {
  const actor = n.actors?.[0];
  const href = n.post_id ? `/app/p/${n.post_id}` : n.type === "message" ? "/app/direct" : actor ? `/app/u/${encodeURIComponent(actor.username)}` : "#";
  return h("li", { dataset: { notificationId: n.notification_id } }, h("a.row", { href, class: n.read ? "" : "unread" },
    avatar(actor ?? {}, "medium"),
    h("span.grow", {}, h("span", { style: { whiteSpace: "normal" } }, describe(n)), timeEl(n.created_at)),
    n.post_thumbnail_url ? h("img.thumb", { src: n.post_thumbnail_url, alt: "" }) : null));
}

export function notificationsView(_params, view) {
  const list = h("ul.list", { "aria-label": "Notifications" });
  view.append(h("section.content-narrow", {}, h("h1.page-title", {}, "Notifications"), list));
  const pager = paginate(list, async (cursor) => {
    const r = await api.get("/api/v1/notifications", { cursor, limit: 20 });
    return { ...r, items: r.notifications ?? [] };
  }, item, { empty: () => h("p.notice", {}, "Activity on your posts will show here.") });
  pager.loaded.then(() => api.post("/api/v1/notifications/read")).then(() => unread.markNotificationsRead()).catch(() => {});
  // A pushed notification carries IDs only (actor_ids): the newest page, with names, replaces the rows it
  // updates ("a and 4 others" grows in place) and new ones go on top; the page is on screen, so they are read.
  const onLive = debounce(async () => {
    try {
      const r = await api.get("/api/v1/notifications", { limit: 20 });
      const fresh = (r.notifications ?? []).map((n) => {
        list.querySelector(`[data-notification-id="${n.notification_id}"]`)?.remove();
        return item(n);
      });
      list.parentElement?.querySelector(":scope > [role=status] .notice")?.remove();
      list.prepend(...fresh);
      await api.post("/api/v1/notifications/read");
      unread.markNotificationsRead();
    } catch { /* the next event or a reload catches up */ }
  }, 300);
  realtime.addEventListener("notification", onLive);
  realtime.addEventListener("gap", onLive);
  return () => { pager.stop(); realtime.removeEventListener("notification", onLive); realtime.removeEventListener("gap", onLive); };
}
