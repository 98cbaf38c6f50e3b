// A square grid tile (Explore, profiles, hashtags): the 320 px variant, counts on hover, a carousel badge.
import { h, icon, count } from "../dom.js";
import { mediaImage } from "../media.js";

export function tile(post, { sizes = "(max-width: 735px) 33vw, 293px", extra = [] } = {}) {
  const first = post.media[0] ?? {};
  const label = `Post by ${post.author.username}: ${first.alt_text || post.caption?.slice(0, 80) || "photo"}`;
  return h("a.tile", { href: `/app/p/${post.post_id}`, "aria-label": label, dataset: { postId: post.post_id } },
    mediaImage(first, { square: true, sizes }),
    post.media.length > 1 ? h("span.multi", {}, icon("layers", { label: `${post.media.length} photos` })) : null,
    h("span.overlay", { "aria-hidden": "true" },
      h("span", {}, "♥ ", count(post.like_count, "").trim()), h("span", {}, "💬 ", count(post.comment_count, "").trim())),
    extra);
}
