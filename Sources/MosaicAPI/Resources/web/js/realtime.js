// The viewer's live channel (GET /api/v1/realtime, a WebSocket): messages, notifications and typing events
// are re-dispatched as DOM events ("message", "notification", "typing"). Reconnects with backoff; views
// subscribe with realtime.addEventListener and unsubscribe when they close.
import { session } from "./session.js";

class Realtime extends EventTarget {
  constructor() { super(); this.socket = null; this.retry = 0; this.timer = null; this.connected = false; }

  connect() {
    this.disconnect();
    if (!session.token) return;
    const url = new URL("/api/v1/realtime", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", session.token);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.retry = 0; this.connected = true;
      this.dispatchEvent(new Event("open"));
    });
    socket.addEventListener("message", (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      if (data?.type) this.dispatchEvent(new CustomEvent(data.type, { detail: data }));
    });
    socket.addEventListener("close", () => {
      this.connected = false;
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
  }
}

export const realtime = new Realtime();
