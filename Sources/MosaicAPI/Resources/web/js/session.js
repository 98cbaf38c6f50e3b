// Who is logged in. The token lives in localStorage so a reload keeps the session; the profile is cached
// for the nav bar and refreshed from GET /api/v1/me at start-up.
const KEY = "mosaic.session";

class Session extends EventTarget {
  constructor() {
    super();
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null");
    this.token = saved?.token ?? null;
    this.userId = saved?.userId ?? null;
    this.username = saved?.username ?? null;
    this.me = null;
  }

  get loggedIn() { return Boolean(this.token); }

  start({ token, user_id, username }) {
    this.token = token; this.userId = user_id; this.username = username;
    localStorage.setItem(KEY, JSON.stringify({ token, userId: user_id, username }));
    this.dispatchEvent(new Event("change"));
  }

  setProfile(me) {
    this.me = me; this.userId = me.user_id; this.username = me.username;
    localStorage.setItem(KEY, JSON.stringify({ token: this.token, userId: this.userId, username: this.username }));
  }

  end() {
    this.token = this.userId = this.username = this.me = null;
    localStorage.removeItem(KEY);
    this.dispatchEvent(new Event("change"));
  }

  /** The server refused the token (revoked or expired): back to the log-in page. */
  expired() { this.end(); this.dispatchEvent(new Event("expired")); }
}

export const session = new Session();
