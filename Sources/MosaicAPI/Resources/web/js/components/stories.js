// The stories tray (authors with unseen stories first) and the full-screen viewer: tap right for the next
// story, left for the previous one, each story advances by itself after five seconds, and the next author's
// first story is fetched while the current one shows, so moving on is instant.
import { h, icon, timeAgo, trapFocus } from "../dom.js";
import { api, ApiError } from "../api.js";
import { avatar } from "../media.js";
import { toast, toastError } from "../toast.js";

const STORY_MS = 5000;

export async function storiesTray(container) {
  let data;
  try {
    data = await api.get("/api/v1/stories/feed");
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) console.warn("stories", err);
    return;
  }
  const ring = [...(data.story_ring ?? [])].sort((a, b) =>
    (b.has_unseen - a.has_unseen) || String(b.latest_story_ts).localeCompare(String(a.latest_story_ts)));
  if (!ring.length) return;
  const tray = h("div.stories-tray", { role: "list", "aria-label": "Stories" });
  const bubbles = ring.map((author, index) => h("button.story-bubble", { type: "button", class: author.has_unseen ? "unseen" : "",
    "aria-label": `Story by ${author.username}${author.has_unseen ? ", unseen" : ""}`,
    onclick: () => openViewer(ring, data.stories ?? {}, index, (seenAuthor) => {
      const b = bubbles[ring.indexOf(seenAuthor)];
      b?.classList.remove("unseen");
      b?.setAttribute("aria-label", `Story by ${seenAuthor.username}`);
    }) },
    h("span.ring", {}, avatar(author)), h("span", {}, author.username)));
  tray.append(...bubbles.map((b) => h("div", { role: "listitem" }, b)));
  container.replaceChildren(tray);
}

function prefetch(stories) {
  for (const s of (stories ?? []).slice(0, 2)) { const img = new Image(); img.src = s.media_url; }
}

/** The viewer walks authors in tray order, starting at each author's first unseen story. */
export function openViewer(ring, storiesByUser, startAuthor, onAuthorSeen) {
  let a = startAuthor, s = 0, timer = null;
  const previous = document.activeElement;
  const bars = h("div.story-progress");
  const img = h("img", { alt: "" });
  const who = h("div.story-head");
  const reply = h("input", { type: "text", placeholder: "Send message", "aria-label": "Reply to story", maxlength: 1000 });
  const frame = h("div.story-frame", {},
    bars, who, img,
    h("button.story-tap.prev", { type: "button", "aria-label": "Previous story", onclick: () => step(-1) }),
    h("button.story-tap.next", { type: "button", "aria-label": "Next story", onclick: () => step(1) }),
    h("form.story-reply", { onsubmit: sendReply }, reply, h("button.btn.link", { type: "submit", style: { color: "#fff" } }, "Send")));
  const viewer = h("div.story-viewer", { role: "dialog", "aria-modal": "true", "aria-label": "Stories" }, frame);

  const stories = () => storiesByUser[ring[a].user_id] ?? [];
  function firstUnseen(list) { const i = list.findIndex((x) => !x.seen); return i < 0 ? 0 : i; }

  function show() {
    clearTimeout(timer);
    const list = stories();
    if (!list.length) return step(1);
    const story = list[s];
    const author = ring[a];
    bars.replaceChildren(...list.map((_, i) => h("div", { class: i < s ? "done" : i === s ? "active" : "" }, h("span"))));
    bars.style.setProperty("--story-ms", `${STORY_MS}ms`);
    who.replaceChildren(avatar(author), h("span.bold", {}, author.username), h("span", { style: { opacity: .7 } }, timeAgo(story.created_at)),
      h("button.icon-btn.close", { type: "button", "aria-label": "Close stories", onclick: close }, icon("close")));
    img.src = story.media_url;
    img.alt = `Story by ${author.username}`;
    reply.parentElement.hidden = story.reply_enabled === false;
    if (!story.seen) {
      story.seen = true;
      api.post(`/api/v1/stories/${story.story_id}/seen`).catch(() => {});
      if (list.every((x) => x.seen)) { author.has_unseen = false; onAuthorSeen?.(author); }
    }
    prefetch(list.slice(s + 1));
    if (a + 1 < ring.length) prefetch(storiesByUser[ring[a + 1].user_id]);
    timer = setTimeout(() => step(1), STORY_MS);
  }

  function step(dir) {
    const list = stories();
    s += dir;
    if (s >= list.length) { a += 1; if (a >= ring.length) return close(); s = firstUnseen(stories()); }
    else if (s < 0) { a -= 1; if (a < 0) { a = 0; s = 0; } else s = Math.max(0, stories().length - 1); }
    show();
  }

  async function sendReply(e) {
    e.preventDefault();
    const text = reply.value.trim();
    if (!text) return;
    try {
      await api.post(`/api/v1/stories/${stories()[s].story_id}/reply`, { text });
      reply.value = ""; toast(`Reply sent to ${ring[a].username}.`);
    } catch (err) { toastError(err); }
  }

  function onKey(e) {
    trapFocus(viewer, e);
    if (e.target === reply) { if (e.key === "Escape") close(); return; }
    if (e.key === "ArrowRight") step(1);
    else if (e.key === "ArrowLeft") step(-1);
    else if (e.key === "Escape") close();
  }
  // Pause while typing a reply, resume after.
  reply.addEventListener("focus", () => { clearTimeout(timer); bars.querySelector(".active")?.style.setProperty("animation-play-state", "paused"); });
  reply.addEventListener("blur", () => { if (viewer.isConnected) timer = setTimeout(() => step(1), STORY_MS / 2); });

  function close() {
    clearTimeout(timer);
    viewer.remove();
    removeEventListener("keydown", onKey);
    previous?.focus?.();
  }

  addEventListener("keydown", onKey);
  document.body.append(viewer);
  s = firstUnseen(stories());
  show();
  frame.querySelector(".story-tap.next").focus();
  return close;
}
