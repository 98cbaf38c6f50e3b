// A post in the feed: author, photos (carousel), like / comment / share / save, caption, comments preview
// and a comment box. Likes and saves are optimistic: the UI flips at once and rolls back if the API fails.
import { h, icon, timeEl, count } from "../dom.js";
import { api } from "../api.js";
import { avatar } from "../media.js";
import { toastError, toast } from "../toast.js";
import { carousel } from "./carousel.js";
import { richText } from "./caption.js";
import { track, signal } from "../signals.js";
import { shareSheet } from "./shareSheet.js";
import { sheet } from "./sheet.js";
import { session } from "../session.js";
import { navigate } from "../router.js";

export function authorLink(author, extra = {}) {
  return h("a", { href: `/app/u/${encodeURIComponent(author.username)}`, ...extra }, author.username,
    author.is_verified ? h("span.verified", { title: "Verified", "aria-label": "Verified" }, "✔") : null);
}

/** Like and save state for one post, shared by every button that shows it. */
export function engagement(post, surface) {
  const likeBtn = h("button.icon-btn.like", { type: "button" });
  const saveBtn = h("button.icon-btn.save", { type: "button" });
  const likes = h("button.btn.link.bold.likes", { type: "button", style: { color: "inherit" } });
  const paint = () => {
    likeBtn.replaceChildren(icon("heart", { filled: post.viewer_has_liked }));
    likeBtn.classList.toggle("liked", post.viewer_has_liked);
    likeBtn.setAttribute("aria-pressed", String(post.viewer_has_liked));
    likeBtn.setAttribute("aria-label", post.viewer_has_liked ? "Unlike" : "Like");
    saveBtn.replaceChildren(icon("bookmark", { filled: post.viewer_has_saved }));
    saveBtn.setAttribute("aria-pressed", String(post.viewer_has_saved));
    saveBtn.setAttribute("aria-label", post.viewer_has_saved ? "Remove from saved" : "Save");
    likes.textContent = count(post.like_count, "like");
  };
  let pending = 0;
  async function setLiked(liked) {
    if (post.viewer_has_liked === liked) return;
    const before = { liked: post.viewer_has_liked, count: post.like_count };
    post.viewer_has_liked = liked;
    post.like_count = Math.max(0, post.like_count + (liked ? 1 : -1));
    paint();
    const mine = ++pending;
    try {
      const r = await (liked ? api.post : api.delete)(`/api/v1/posts/${post.post_id}/like`);
      if (mine === pending && r) { post.like_count = r.like_count; post.viewer_has_liked = r.viewer_has_liked; paint(); }
      if (liked) signal(post.post_id, "like", surface);
    } catch (err) {
      if (mine === pending) { post.viewer_has_liked = before.liked; post.like_count = before.count; paint(); }
      toastError(err);
    }
  }
  async function setSaved(saved) {
    post.viewer_has_saved = saved;
    paint();
    try {
      await (saved ? api.post : api.delete)(`/api/v1/posts/${post.post_id}/save`);
      if (saved) { signal(post.post_id, "save", surface); toast("Saved to your collection."); }
    } catch (err) {
      post.viewer_has_saved = !saved; paint(); toastError(err);
    }
  }
  likeBtn.addEventListener("click", () => setLiked(!post.viewer_has_liked));
  saveBtn.addEventListener("click", () => setSaved(!post.viewer_has_saved));
  paint();
  return { likeBtn, saveBtn, likes, like: () => setLiked(true) };
}

export function postCard(post, { surface = "feed" } = {}) {
  const { likeBtn, saveBtn, likes, like } = engagement(post, surface);
  const permalink = `/app/p/${post.post_id}`;
  const commentsLink = h("a.muted", { href: permalink },
    post.comment_count > 0 ? `View all ${count(post.comment_count, "comment")}` : "");
  const recent = h("div.recent");
  const input = h("input", { type: "text", placeholder: "Add a comment…", "aria-label": `Comment on ${post.author.username}'s post`, maxlength: 2200 });
  const postBtn = h("button.btn.link.bold", { type: "submit", disabled: true }, "Post");
  input.addEventListener("input", () => { postBtn.disabled = !input.value.trim(); });
  const form = h("form.add-comment", {
    onsubmit: async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      postBtn.disabled = true;
      try {
        const c = await api.post(`/api/v1/posts/${post.post_id}/comments`, { text });
        input.value = "";
        post.comment_count += 1;
        recent.append(h("p", {}, authorLink(c.author, { class: "bold" }), " ", richText(c.text)));
        signal(post.post_id, "comment", surface);
      } catch (err) { toastError(err); postBtn.disabled = false; }
    },
  }, input, postBtn);

  const el = h("article.post", { "aria-label": `Post by ${post.author.username}` },
    h("header.post-head", {},
      h("a", { href: `/app/u/${encodeURIComponent(post.author.username)}`, tabindex: "-1", "aria-hidden": "true" }, avatar(post.author)),
      h("div.who", {}, authorLink(post.author), post.location?.name ? h("span.small", {}, post.location.name) : null),
      h("button.icon-btn.menu", { type: "button", "aria-label": "More options", onclick: () => postMenu(post) }, icon("dots"))),
    carousel(post.media, { onDoubleTap: like }),
    h("div.post-actions", {},
      likeBtn,
      h("a.icon-btn", { href: permalink, "aria-label": "Comment" }, icon("comment")),
      h("button.icon-btn", { type: "button", "aria-label": "Share", onclick: () => shareSheet(post) }, icon("send")),
      saveBtn),
    h("div.post-body", {},
      likes,
      post.caption ? h("p.caption", {}, authorLink(post.author, { class: "bold" }), " ", richText(post.caption)) : null,
      h("p", {}, commentsLink),
      recent,
      h("a", { href: permalink }, timeEl(post.created_at))),
    form);
  likes.addEventListener("click", () => navigate(permalink));
  track(el, post.post_id, surface);
  return el;
}

/** Options for a post: open it, copy its link, hide it (a negative signal), delete it if it is yours. */

function postMenu(post) {
  const close = sheet("Options", [
    h("button.btn", { type: "button", style: { width: "100%", marginBottom: "8px" }, onclick: () => { close(); navigate(`/app/p/${post.post_id}`); } }, "Go to post"),
    h("button.btn", { type: "button", style: { width: "100%", marginBottom: "8px" }, onclick: async () => {
      close();
      try { await navigator.clipboard.writeText(location.origin + `/app/p/${post.post_id}`); toast("Link copied."); } catch { toast(location.origin + `/app/p/${post.post_id}`); }
    } }, "Copy link"),
    post.author.user_id === session.userId
      ? h("button.btn", { type: "button", style: { width: "100%", color: "var(--danger)" }, onclick: async () => {
          close();
          try { await api.delete(`/api/v1/posts/${post.post_id}`); toast("Post deleted."); document.querySelector(`[data-post-id="${post.post_id}"]`)?.remove(); }
          catch (err) { toastError(err); }
        } }, "Delete")
      : h("button.btn", { type: "button", style: { width: "100%" }, onclick: () => {
          close(); signal(post.post_id, "hide", "feed");
          document.querySelector(`[data-post-id="${post.post_id}"]`)?.remove(); toast("Post hidden. You'll see fewer posts like this.");
        } }, "Not interested"),
  ]);
}
