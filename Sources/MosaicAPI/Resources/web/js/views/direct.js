// Direct messages: the inbox on the left, a conversation on the right (one or the other on phones).
// Messages arrive live over the WebSocket; sending is optimistic with a client_id, so a retry after a
// network failure can never post the same message twice.
import { h, icon, timeAgo, debounce } from "../dom.js";
import { api, messageFor } from "../api.js";
import { avatar } from "../media.js";
import { session } from "../session.js";
import { realtime } from "../realtime.js";
import { unread } from "../unread.js";
import { navigate } from "../router.js";
import { sheet } from "../components/sheet.js";
import { toastError } from "../toast.js";

/** Threads this page opened (POST /direct/threads answers their participants), by ID. */
const known = new Map();

/** Opens (or finds) the conversation with these people and shows it. */
export async function startThread(userIds) {
  const t = await api.post("/api/v1/direct/threads", { participant_ids: userIds });
  known.set(t.thread_id, t);
  navigate(`/app/direct/${t.thread_id}`);
}

const others = (thread) => (thread.participants ?? []).filter((p) => (p.user_id ?? p) !== session.userId);
const names = (thread) => others(thread).map((p) => p.username ?? p).join(", ") || session.username;

function newMessageSheet() {
  const input = h("input.field", { type: "search", placeholder: "Search people", "aria-label": "Search people" });
  const results = h("ul.list");
  const close = sheet("New message", [input, results]);
  input.addEventListener("input", debounce(async () => {
    const q = input.value.trim();
    if (!q) return results.replaceChildren();
    try {
      const r = await api.get("/api/v1/search", { q, type: "users" });
      results.replaceChildren(...(r.results ?? []).slice(0, 8).map((u) => h("li", {}, h("button.row", { type: "button", style: { width: "100%", border: 0, background: "none", textAlign: "left" },
        onclick: async () => {
          try { await startThread([u.user_id]); close(); }
          catch (err) { toastError(err); }
        } }, avatar(u), h("span.grow", {}, h("span.bold", {}, u.username), h("span.muted", {}, u.full_name ?? ""))))));
    } catch (err) { toastError(err); }
  }, 200));
}

export async function directView({ thread }, view) {
  const inbox = h("ul.list", { "aria-label": "Conversations" });
  const pane = h("section.thread", { "aria-label": "Conversation" });
  const root = h("div.direct", { class: thread ? "has-thread" : "" },
    h("nav.inbox", { "aria-label": "Inbox" },
      h("div.inbox-head", {}, h("span", {}, session.username),
        h("button.icon-btn", { type: "button", "aria-label": "New message", onclick: newMessageSheet }, icon("edit"))),
      inbox),
    pane);
  view.append(root);
  const threads = new Map();

  function inboxRow(t) {
    const peer = others(t)[0] ?? {};
    return h("li", {}, h("a.row", { href: `/app/direct/${t.thread_id}`, class: t.unread_count ? "unread" : "", dataset: { threadId: t.thread_id },
      "aria-current": t.thread_id === thread ? "page" : null },
      avatar(typeof peer === "object" ? peer : { username: String(peer) }, "medium"),
      h("span.grow", {}, h("span", { class: t.unread_count ? "bold" : "" }, names(t)),
        h("span.muted", {}, [t.last_message_preview ?? "", t.last_message_at ? ` · ${timeAgo(t.last_message_at)}` : ""].join(""))),
      t.unread_count ? h("span.badge", { style: { position: "static" } }, String(t.unread_count)) : null));
  }
  async function loadInbox() {
    try {
      const r = await api.get("/api/v1/direct/inbox", { limit: 50 });
      for (const t of r.threads ?? []) threads.set(t.thread_id, t);
      inbox.replaceChildren(...[...threads.values()].map(inboxRow));
      if (!threads.size) inbox.append(h("li.notice", {}, "No messages yet. Start a conversation with the pencil button."));
    } catch (err) { inbox.replaceChildren(h("li.notice", {}, messageFor(err))); }
  }
  await loadInbox();

  let stopThread = () => {};
  if (thread) stopThread = await openThread(thread, pane, threads.get(thread) ?? known.get(thread));
  else pane.append(h("div.notice", { style: { margin: "auto" } }, icon("send"), h("h2", {}, "Your messages"),
    h("p", {}, "Send private photos and messages to a friend."), h("button.btn.primary", { type: "button", onclick: newMessageSheet }, "Send message")));

  const onMessage = debounce(loadInbox, 300);
  realtime.addEventListener("message", onMessage);
  realtime.addEventListener("gap", onMessage);
  return () => { stopThread(); realtime.removeEventListener("message", onMessage); realtime.removeEventListener("gap", onMessage); unread.openThread = null; };
}

async function openThread(threadId, pane, summary) {
  unread.threadOpened(threadId, summary?.unread_count ?? 0);
  const list = h("div.messages", { role: "log", "aria-label": "Messages", "aria-live": "polite" });
  const typing = h("div.typing", { "aria-live": "polite" });
  const input = h("input", { type: "text", placeholder: "Message…", "aria-label": "Message", maxlength: 1000, autocomplete: "off" });
  const shown = new Map(); // message_id or client_id → element
  let olderCursor = null;
  const older = h("button.btn.link", { type: "button", hidden: true, style: { alignSelf: "center" }, onclick: () => loadPage(olderCursor, true) }, "Load earlier messages");

  function bubble(m) {
    const mine = (m.sender_id ?? m.author?.user_id) === session.userId;
    const body = m.text ?? (m.post_id ? "Shared a post" : "");
    const el = h("div.msg", { class: mine ? "mine" : "", dataset: { messageId: m.message_id ?? "" }, title: m.created_at ? new Date(m.created_at).toLocaleString() : "" },
      m.post_id ? h("a", { href: `/app/p/${m.post_id}`, style: { textDecoration: "underline" } }, body) : body);
    return el;
  }
  function add(m, { prepend = false } = {}) {
    const key = m.message_id ?? m.client_id;
    if (shown.has(m.message_id) || (m.client_id && shown.has(m.client_id))) {
      const el = shown.get(m.message_id) ?? shown.get(m.client_id);
      el.classList.remove("pending", "failed");
      if (m.message_id) { el.dataset.messageId = m.message_id; shown.set(m.message_id, el); }
      return;
    }
    const el = bubble(m);
    shown.set(key, el);
    if (prepend) older.after(el); else list.append(el);
  }
  async function loadPage(cursor, isOlder = false) {
    try {
      const r = await api.get(`/api/v1/direct/threads/${threadId}/messages`, { cursor, limit: 30 });
      const msgs = r.messages ?? [];
      if (isOlder) for (const m of msgs) add(m, { prepend: true });
      else for (const m of [...msgs].reverse()) add(m);
      olderCursor = r.next_cursor; older.hidden = !r.has_more;
      if (!isOlder) list.scrollTop = list.scrollHeight;
    } catch (err) { list.append(h("p.notice", {}, messageFor(err))); }
  }

  async function send(text, clientId, el) {
    try {
      const r = await api.post(`/api/v1/direct/threads/${threadId}/messages`, { text, client_id: clientId });
      el.classList.remove("pending");
      if (r?.message_id) { el.dataset.messageId = r.message_id; shown.set(r.message_id, el); }
    } catch (err) {
      el.classList.remove("pending"); el.classList.add("failed");
      el.title = `${messageFor(err)} Click to retry.`;
      el.onclick = () => { el.onclick = null; el.classList.replace("failed", "pending"); send(text, clientId, el); };
    }
  }
  const form = h("form.composer-bar", { onsubmit: (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    const clientId = crypto.randomUUID();
    const el = bubble({ text, sender_id: session.userId });
    el.classList.add("pending");
    shown.set(clientId, el);
    list.append(el);
    list.scrollTop = list.scrollHeight;
    send(text, clientId, el);
  } }, input, h("button.btn.link.bold", { type: "submit" }, "Send"));

  let lastTyping = 0;
  input.addEventListener("input", () => {
    if (Date.now() - lastTyping > 3000) { lastTyping = Date.now(); realtime.send({ type: "typing", thread_id: threadId }); }
  });

  const header = h("div.thread-head", {},
    h("a.icon-btn", { href: "/app/direct", "aria-label": "Back to inbox" }, icon("left")),
    h("span", {}, summary ? names(summary) : "Conversation"));
  pane.append(header, list, typing, form);
  list.prepend(older);
  await loadPage(null);
  input.focus();

  let typingTimer;
  // Fetching the newest page is how a reader marks the thread read; do it for messages that arrive live too.
  const markRead = () => api.get(`/api/v1/direct/threads/${threadId}/messages`, { limit: 1 }).catch(() => {});
  const onMessage = (e) => {
    const m = e.detail.message ?? e.detail;
    if (m.thread_id !== threadId) return;
    if (m.sender_id !== session.userId) markRead();
    add(m);
    list.scrollTop = list.scrollHeight;
    typing.textContent = "";
  };
  const onTyping = (e) => {
    const t = e.detail;
    if (t.thread_id !== threadId || (t.user_id ?? t.sender_id) === session.userId) return;
    const who = (summary?.participants ?? []).find((p) => p.user_id === (t.user_id ?? t.sender_id));
    typing.textContent = `${t.username ?? who?.username ?? "Someone"} is typing…`;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.textContent = ""; }, 4000);
  };
  realtime.addEventListener("message", onMessage);
  realtime.addEventListener("typing", onTyping);
  return () => { realtime.removeEventListener("message", onMessage); realtime.removeEventListener("typing", onTyping); };
}
