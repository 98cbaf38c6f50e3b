// Unread counts for the nav badges: notifications and direct messages. Seeded from the API at start-up,
// then kept live from the WebSocket, so the badge changes without a reload.
import { api } from "./api.js";
import { realtime } from "./realtime.js";

class Unread extends EventTarget {
  constructor() {
    super();
    this.notifications = 0; this.messages = 0; this.openThread = null;
    realtime.addEventListener("notification", (e) => {
      const n = e.detail.notification ?? e.detail;
      if (n.type === "message") return;
      if (location.pathname !== "/app/notifications") { this.notifications += 1; this.changed(); }
    });
    realtime.addEventListener("gap", () => { if (this.me) this.refresh(this.me).catch(() => {}); });
    realtime.addEventListener("message", (e) => {
      const m = e.detail.message ?? e.detail;
      if (m.sender_id && m.sender_id === this.me) return;
      if (m.thread_id && m.thread_id === this.openThread) return;
      this.messages += 1; this.changed();
    });
  }

  changed() { this.dispatchEvent(new Event("change")); }

  async refresh(me) {
    this.me = me;
    const [n, d] = await Promise.allSettled([
      api.get("/api/v1/notifications", { limit: 50 }),
      api.get("/api/v1/direct/inbox", { limit: 50 }),
    ]);
    if (n.status === "fulfilled") {
      // Messages have their own badge (Direct), so the activity badge counts everything else.
      this.notifications = (n.value.notifications ?? []).filter((x) => !x.read && x.type !== "message").length;
    }
    if (d.status === "fulfilled") {
      this.messages = (d.value.threads ?? []).reduce((sum, t) => sum + (t.unread_count ?? 0), 0);
    }
    this.changed();
  }

  /** Opening the activity page reads everything on it. */
  markNotificationsRead() { this.notifications = 0; this.changed(); }
  threadOpened(threadId, wasUnread) { this.openThread = threadId; this.messages = Math.max(0, this.messages - wasUnread); this.changed(); }
}

export const unread = new Unread();
