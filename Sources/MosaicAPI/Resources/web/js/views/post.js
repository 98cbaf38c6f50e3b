// One post with its whole conversation: top-level comments oldest first, replies folded under each
// ("View replies"), and replying to a comment from its Reply button.
import { h, timeEl } from "../dom.js";
import { api, messageFor } from "../api.js";
import { avatar } from "../media.js";
import { paginate } from "../pager.js";
import { postCard, authorLink } from "../components/postCard.js";
import { richText } from "../components/caption.js";
import { toastError } from "../toast.js";

function commentItem(c, postId, replyTo) {
  const replies = h("ul.replies");
  let opened = false;
  const more = c.reply_count > 0 ? h("button", { type: "button", onclick: () => {
    if (opened) return;
    opened = true; more.remove();
    paginate(replies, async (cursor) => {
      const r = await api.get(`/api/v1/posts/${postId}/comments`, { parent_id: c.comment_id, cursor, limit: 20 });
      return { ...r, items: r.comments };
    }, (reply) => commentItem(reply, postId, replyTo));
  } }, `View replies (${c.reply_count})`) : null;
  return h("li.comment", { dataset: { commentId: c.comment_id } },
    avatar(c.author),
    h("div.body", {},
      h("div", {}, authorLink(c.author, { class: "bold" }), " ", richText(c.text)),
      h("div.meta", {}, timeEl(c.created_at),
        c.like_count ? h("span", {}, `${c.like_count} likes`) : null,
        h("button", { type: "button", onclick: () => replyTo(c) }, "Reply"), more),
      replies));
}

export async function postView({ id }, view) {
  let post;
  try { post = await api.get(`/api/v1/posts/${id}`); }
  catch (err) {
    view.append(h("div.notice", {}, h("h2", {}, "Sorry, this post isn't available."), h("p", {}, messageFor(err))));
    return;
  }
  const card = postCard(post, { surface: "post" });
  card.querySelector(".add-comment")?.remove();
  const list = h("ul.comments", { "aria-label": "Comments" });
  let parent = null;
  const replying = h("div.replying", { hidden: true });
  const input = h("input", { type: "text", placeholder: "Add a comment…", "aria-label": "Add a comment", maxlength: 2200 });
  const form = h("form.add-comment", { onsubmit: async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    try {
      const body = parent ? { text, parent_id: parent.comment_id } : { text };
      const c = await api.post(`/api/v1/posts/${post.post_id}/comments`, body);
      const item = commentItem({ reply_count: 0, ...c }, post.post_id, replyTo);
      if (parent) list.querySelector(`[data-comment-id="${parent.comment_id}"] .replies`)?.append(item);
      else list.append(item);
      input.value = ""; setParent(null);
    } catch (err) { toastError(err); }
  } }, input, h("button.btn.link.bold", { type: "submit" }, "Post"));
  function setParent(c) {
    parent = c;
    replying.hidden = !c;
    replying.replaceChildren(...(c ? [`Replying to ${c.author.username} `, h("button.btn.link", { type: "button", onclick: () => setParent(null) }, "Cancel")] : []));
  }
  function replyTo(c) { setParent(c); input.value = `@${c.author.username} `; input.focus(); }
  const head = card.querySelector(".post-head");
  const media = card.querySelector(".carousel");
  const side = h("div.side", {}, head, h("div.scroll", {},
    post.caption ? h("div.comment", {}, avatar(post.author), h("div.body", {}, authorLink(post.author, { class: "bold" }), " ", richText(post.caption))) : null,
    list), card, replying, form);
  card.querySelector(".caption")?.remove();
  view.append(h("div.post-page", {}, media, side));
  const pager = paginate(list, async (cursor) => {
    const r = await api.get(`/api/v1/posts/${post.post_id}/comments`, { cursor, limit: 20 });
    return { ...r, items: r.comments };
  }, (c) => commentItem(c, post.post_id, replyTo));
  return () => pager.stop();
}

export async function tagView({ tag }, view) {
  const { tile } = await import("../components/tile.js");
  const grid = h("div.grid", { role: "list" });
  view.append(h("h1.page-title", {}, `#${tag}`), grid);
  const pager = paginate(grid, async (cursor) => {
    const r = await api.get(`/api/v1/tags/${encodeURIComponent(tag)}/posts`, { cursor, limit: 12 });
    return { ...r, items: r.posts };
  }, (p) => tile(p), { empty: () => h("p.notice", {}, `No posts with #${tag} yet.`) });
  return () => pager.stop();
}
