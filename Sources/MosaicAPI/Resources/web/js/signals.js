// Engagement signals for ranking (POST /api/v1/events): an impression once a post is half on screen for a
// moment, and dwell time when it leaves. Batched every few seconds and flushed when the page is hidden.
import { request } from "./api.js";
import { session } from "./session.js";

let queue = [];
const visibleSince = new Map();
const impressed = new Set();

const observer = new IntersectionObserver((entries) => {
  const now = performance.now();
  for (const e of entries) {
    const { postId, surface } = e.target.dataset;
    const key = `${surface}:${postId}`;
    if (e.isIntersecting) {
      visibleSince.set(key, now);
      if (!impressed.has(key)) {
        impressed.add(key);
        queue.push({ post_id: postId, type: "impression", surface });
      }
    } else if (visibleSince.has(key)) {
      const ms = Math.round(now - visibleSince.get(key));
      visibleSince.delete(key);
      if (ms >= 1000) queue.push({ post_id: postId, type: "dwell", dwell_ms: Math.min(ms, 600000), surface });
    }
  }
}, { threshold: 0.5 });

/** Watch a rendered post for impressions and dwell on a surface ("feed", "explore", "profile"). */
export function track(el, postId, surface) {
  el.dataset.postId = postId;
  el.dataset.surface = surface;
  observer.observe(el);
}

export function signal(postId, type, surface) { queue.push({ post_id: postId, type, surface }); }

function flush(keepalive = false) {
  if (!queue.length || !session.loggedIn) { queue = []; return; }
  const events = queue.splice(0, 500);
  request("POST", "/api/v1/events", { body: { events }, keepalive }).catch(() => {});
}

setInterval(flush, 5000);
addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(true); });
