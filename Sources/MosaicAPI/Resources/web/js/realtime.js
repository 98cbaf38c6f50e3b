// The viewer's live channel (GET /api/v1/realtime, a WebSocket): messages, notifications and typing events
// are re-dispatched as DOM events ("message", "notification", "typing"; "gap" when the server could not replay
// everything missed, so listeners refetch over REST). Reconnects with backoff; views subscribe with
// realtime.addEventListener and unsubscribe when they close. <html data-realtime="open|closed"> shows the state.
import { session } from "./session.js";

class Realtime extends EventTarget {
  constructor() { super(); this.socket = null; this.retry = 0; this.timer = null; this.connected = false; this.lastEventId = null; }

  connect() {
    this.disconnect();
    if (!session.token) return;
    const url = new URL("/api/v1/realtime", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", session.token);
    // Durable events carry increasing IDs; after a reconnect the server replays what came after this one.
    if (this.lastEventId) url.searchParams.set("last_event_id", this.lastEventId);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.retry = 0; this.connected = true;
      document.documentElement.dataset.realtime = "open";
      this.dispatchEvent(new Event("open"));
    });
    socket.addEventListener("message", (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      // Frames are {"id", "type", "data"}; listeners get the payload (a message, a notification, typing).
      if (data?.id) this.lastEventId = data.id;
      if (data?.type) this.dispatchEvent(new CustomEvent(data.type, { detail: data.data ?? data }));
    });
    socket.addEventListener("close", () => {
      this.connected = false;
      if (this.socket === socket) document.documentElement.dataset.realtime = "closed";
      if (this.socket !== socket || !session.token) return;
      const delay = Math.min(30000, 500 * 2 ** this.retry++) * (0.5 + Math.random() / 2);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }

  send(payload) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload));
  }

  disconnect() {
    clearTimeout(this.timer);
    const s = this.socket;
    this.socket = null; this.connected = false;
    s?.close();
    delete document.documentElement.dataset.realtime;
  }
}

export const realtime = new Realtime();
