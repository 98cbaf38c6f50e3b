// The server's filters (GET /api/v1/media/filters; applied at upload with `filter_id`), each with a CSS
// approximation of its preset (contrast, saturation, warmth, fade) so the composer previews every filter
// live on the chosen photo before anything is uploaded.
import { api } from "./api.js";

const css = {
  clarendon: "contrast(1.2) saturate(1.35) hue-rotate(-4deg)",
  gingham: "brightness(1.05) contrast(.85) saturate(.8) sepia(.08)",
  juno: "contrast(1.1) saturate(1.25) sepia(.12)",
  lark: "brightness(1.08) contrast(.95) saturate(.9) hue-rotate(-3deg)",
  moon: "grayscale(1) contrast(1.2) brightness(1.05)",
  valencia: "sepia(.2) contrast(1.05) saturate(1.05) brightness(1.04)",
  reyes: "sepia(.15) brightness(1.1) contrast(.8) saturate(.65)",
};

export const NORMAL = { id: null, name: "Normal", css: "none", summary: "No filter." };
const title = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** The filters to offer, in the server's order; the local list when the endpoint is unreachable. */
export async function loadFilters() {
  try {
    const r = await api.get("/api/v1/media/filters");
    return [NORMAL, ...(r.filters ?? []).map((f) => ({ id: f.name, name: title(f.name), css: css[f.name] ?? "none", summary: f.summary }))];
  } catch {
    return [NORMAL, ...Object.keys(css).map((id) => ({ id, name: title(id), css: css[id] }))];
  }
}
