// A profile: picture, counts, bio, the follow button (Follow → Requested for private accounts → Following),
// Message, and the post grid; the viewer's own profile has Edit profile and a Saved tab. A private account
// the viewer does not follow shows a notice instead of the grid.
import { h } from "../dom.js";
import { api, ApiError, messageFor } from "../api.js";
import { avatar } from "../media.js";
import { session } from "../session.js";
import { paginate } from "../pager.js";
import { tile } from "../components/tile.js";
import { sheet } from "../components/sheet.js";
import { toast, toastError } from "../toast.js";
import { startThread } from "./direct.js";

function followButton(profile, onChange) {
  const btn = h("button.btn", { type: "button" });
  const paint = () => {
    const state = profile.viewer_follows ? "following" : profile.viewer_requested ? "requested" : "none";
    btn.textContent = { following: "Following", requested: "Requested", none: profile.follows_viewer ? "Follow back" : "Follow" }[state];
    btn.className = state === "none" ? "btn primary follow" : "btn follow";
    btn.dataset.state = state;
    btn.setAttribute("aria-pressed", String(state !== "none"));
  };
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      if (profile.viewer_follows || profile.viewer_requested) {
        await api.delete(`/api/v1/users/${profile.user_id}/follow`);
        if (profile.viewer_follows) profile.follower_count -= 1;
        profile.viewer_follows = profile.viewer_requested = false;
      } else {
        const r = await api.post(`/api/v1/users/${profile.user_id}/follow`);
        profile.viewer_follows = r.state === "following";
        profile.viewer_requested = r.state === "requested";
        if (profile.viewer_follows) profile.follower_count += 1;
        if (profile.viewer_requested) toast(`Request sent to ${profile.username}.`);
      }
      paint(); onChange();
    } catch (err) { toastError(err); } finally { btn.disabled = false; }
  });
  paint();
  return btn;
}

function editProfile(profile, onSaved) {
  const name = h("input.field", { value: profile.full_name ?? "", "aria-label": "Name", placeholder: "Name", maxlength: 64 });
  const bio = h("textarea.field", { "aria-label": "Bio", placeholder: "Bio", maxlength: 150 }, profile.bio ?? "");
  const priv = h("input", { type: "checkbox", checked: profile.is_private });
  const error = h("p.error-text", { role: "alert" });
  const close = sheet("Edit profile", [
    name, bio, h("label", {}, priv, " Private account"), error,
    h("button.btn.primary", { type: "button", style: { width: "100%", marginTop: "12px" }, onclick: async () => {
      try {
        const updated = await api.patch("/api/v1/me", { full_name: name.value, bio: bio.value, is_private: priv.checked });
        close(); onSaved(updated);
      } catch (err) { error.textContent = messageFor(err); }
    } }, "Save"),
  ]);
}

async function openThread(profile) {
  try { await startThread([profile.user_id]); } catch (err) { toastError(err); }
}

export async function profileView({ username }, view) {
  let profile;
  try {
    profile = await api.get(`/api/v1/users/${encodeURIComponent(username)}`);
  } catch (err) {
    view.append(h("div.notice", {}, h("h2", {}, "Sorry, this page isn't available."), h("p", {}, messageFor(err))));
    return;
  }
  const isMe = profile.is_viewer ?? profile.user_id === session.userId;
  const counts = h("ul.counts");
  const stat = (n, one, many) => h("li", {}, h("span.bold", {}, n.toLocaleString("en-US")), n === 1 ? one : many);
  const paintCounts = () => counts.replaceChildren(
    stat(profile.post_count, " post", " posts"), stat(profile.follower_count, " follower", " followers"),
    stat(profile.following_count, " following", " following"));
  paintCounts();
  const nameLine = h("div.bold");
  const bioLine = h("div.bio");
  const paintBio = () => { nameLine.textContent = profile.full_name ?? ""; bioLine.textContent = profile.bio ?? ""; };
  paintBio();
  const actions = isMe
    ? [h("button.btn", { type: "button", onclick: () => editProfile(profile, (p) => { Object.assign(profile, p); paintBio(); toast("Profile saved."); }) }, "Edit profile")]
    : [followButton(profile, () => { paintCounts(); if (profile.is_private) renderBody(); }),
       h("button.btn", { type: "button", onclick: () => openThread(profile) }, "Message")];
  view.append(h("header.profile-head", {},
    h("div.avatar-wrap", {}, avatar(profile, "large")),
    h("section", {},
      h("div.title", {}, h("h1", {}, profile.username, profile.is_verified ? h("span.verified", { "aria-label": "Verified" }, " ✔") : null), actions),
      counts, nameLine, bioLine)));

  const body = h("div");
  view.append(body);
  let pager = null;
  function renderBody(tab = "posts") {
    pager?.stop();
    body.replaceChildren();
    if (profile.is_private && !isMe && !profile.viewer_follows) {
      body.append(h("div.notice.private-notice", {}, h("h2", {}, "This account is private"),
        h("p", {}, profile.viewer_requested ? "Your follow request is waiting for approval." : "Follow this account to see their photos.")));
      return;
    }
    const tabs = h("div.tabs", { role: "tablist" },
      h("button", { type: "button", role: "tab", "aria-selected": String(tab === "posts"), onclick: () => renderBody("posts") }, "Posts"),
      isMe ? h("button", { type: "button", role: "tab", "aria-selected": String(tab === "saved"), onclick: () => renderBody("saved") }, "Saved") : null);
    const grid = h("div.grid", { role: "list", "aria-label": tab === "saved" ? "Saved posts" : `${profile.username}'s posts` });
    body.append(tabs, grid);
    const path = tab === "saved" ? "/api/v1/me/saved" : `/api/v1/users/${profile.user_id}/posts`;
    pager = paginate(grid,
      async (cursor) => { const r = await api.get(path, { cursor, limit: 12 }); return { ...r, items: r.posts }; },
      (post) => tile(post),
      { empty: () => h("p.notice", {}, tab === "saved" ? "Save photos to see them here." : (isMe ? "Share your first photo." : "No posts yet.")) });
    pager.loaded.catch((err) => {
      if (err instanceof ApiError && err.code === "private_account") { profile.viewer_follows = false; profile.is_private = true; renderBody(); }
    });
  }
  renderBody();
  return () => pager?.stop();
}
