// Home: the stories tray, then the ranked feed with infinite scroll; on wide screens a side column with the
// viewer and a link to Explore.
import { h } from "../dom.js";
import { api } from "../api.js";
import { avatar } from "../media.js";
import { session } from "../session.js";
import { paginate } from "../pager.js";
import { postCard } from "../components/postCard.js";
import { storiesTray } from "../components/stories.js";

export function feedView(_params, view) {
  const list = h("div.feed", { "aria-label": "Home feed", role: "feed" });
  const tray = h("div");
  const column = h("section", {}, tray, list);
  const me = session.me ?? { username: session.username };
  view.append(h("div.home", {}, column,
    h("aside", {},
      h("div.me-card", {}, avatar(me), h("div", {}, h("a.bold", { href: `/app/u/${me.username}` }, me.username), h("div.muted", {}, me.full_name ?? ""))),
      h("p.muted", {}, "Looking for something new? ", h("a.bold", { href: "/app/explore" }, "Explore"), " is ranked for you."),
      h("p.muted.small", {}, "Mosaic · photo sharing with a recommendation engine. API: ", h("a", { href: "/openapi.yaml" }, "openapi.yaml")))));
  storiesTray(tray);
  const pager = paginate(list,
    async (cursor) => { const r = await api.get("/api/v1/feed", { cursor, limit: 10 }); return { ...r, items: r.posts }; },
    (post) => postCard(post, { surface: "feed" }),
    { empty: () => h("div.notice", {}, h("h2", {}, "Welcome to Mosaic"),
        h("p", {}, "When you follow people, their photos show up here. "), h("a.btn.primary", { href: "/app/explore" }, "Find people on Explore")) });
  return () => pager.stop();
}
