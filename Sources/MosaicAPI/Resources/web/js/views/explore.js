// Explore: the recommendation grid with infinite scroll. Every tile can explain itself ("why am I seeing
// this") from the ranking provenance the API returns with explain=1: on a long press, from the ⓘ button, or
// with the context-menu key.
import { h, icon } from "../dom.js";
import { api } from "../api.js";
import { paginate } from "../pager.js";
import { tile } from "../components/tile.js";
import { sheet } from "../components/sheet.js";
import { track } from "../signals.js";
import { navigate } from "../router.js";

const sourceNames = {
  embedding: "Similar to posts you've engaged with",
  ann: "Similar to posts you've engaged with",
  similar: "Similar to posts you've engaged with",
  graph: "Liked by accounts close to people you follow",
  social: "Popular with people you follow",
  trending: "Trending right now",
  popular: "Popular on Mosaic",
  fresh: "New and getting attention",
  trial: "A new post we're testing with a small audience",
  exploration: "Something different, to learn what you like",
};

export function whySheet(post) {
  const source = post.source ? (sourceNames[post.source] ?? `Source: ${post.source}`) : null;
  const reasons = post.reasons ?? [];
  sheet("Why you're seeing this post", [
    h("p.muted", {}, `This post from ${post.author.username} was picked for you by Mosaic's recommendation engine.`),
    source ? h("p.bold", {}, source) : null,
    reasons.length ? h("ul", {}, reasons.map((r) => h("li", {}, r))) : h("p.muted", {}, "No further detail for this post."),
    h("p.muted.small", {}, "You never see posts from accounts you follow, block, or that are private here."),
  ]);
}

function exploreTile(post) {
  let pressTimer = null, longPressed = false;
  const why = h("button.why", { type: "button", "aria-label": "Why you're seeing this post",
    onclick: (e) => { e.preventDefault(); e.stopPropagation(); whySheet(post); } }, icon("info"));
  const el = tile(post, { extra: [why] });
  el.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    longPressed = false;
    pressTimer = setTimeout(() => { longPressed = true; whySheet(post); }, 550);
  });
  for (const ev of ["pointerup", "pointerleave", "pointercancel"]) el.addEventListener(ev, () => clearTimeout(pressTimer));
  el.addEventListener("click", (e) => { if (longPressed) { e.preventDefault(); longPressed = false; } });
  el.addEventListener("contextmenu", (e) => { e.preventDefault(); whySheet(post); });
  el.addEventListener("keydown", (e) => { if (e.key === "i" || e.key === "I") { e.preventDefault(); whySheet(post); } });
  track(el, post.post_id, "explore");
  return el;
}

export function exploreView(_params, view) {
  const grid = h("div.grid.tight.explore-grid", { role: "list", "aria-label": "Explore" });
  view.append(
    h("form.search-box", { role: "search", onsubmit: (e) => { e.preventDefault(); navigate(`/app/search?q=${encodeURIComponent(e.target.q.value)}`); } },
      h("input.field", { name: "q", type: "search", placeholder: "Search", "aria-label": "Search people and hashtags" })),
    h("h1.visually-hidden", {}, "Explore"),
    grid);
  const pager = paginate(grid,
    async (cursor) => { const r = await api.get("/api/v1/explore", { cursor, limit: 24, explain: 1 }); return { ...r, items: r.posts }; },
    exploreTile,
    { empty: () => h("p.notice", {}, "Nothing to explore yet. Check back when people have posted.") });
  return () => pager.stop();
}
