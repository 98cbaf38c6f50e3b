// New post: choose up to ten photos (picker or drag and drop), preview every filter live on each photo,
// write a caption with #hashtag and @mention completion, add alt text, then upload and share — as a post or
// as a story.
import { h, icon } from "../dom.js";
import { api, upload, messageFor, ApiError } from "../api.js";
import { loadFilters, NORMAL } from "../filters.js";
import { attachCompletion } from "../components/completion.js";
import { navigate } from "../router.js";
import { toast } from "../toast.js";

const MAX_ITEMS = 10;
const MAX_BYTES = 30 * 1024 * 1024;

export function uploadView(_params, view) {
  const items = []; // {file, url, filter, alt}
  let FILTERS = [NORMAL];
  loadFilters().then((list) => { FILTERS = list; if (items.length) select(current); });
  let current = 0;
  const error = h("p.error-text", { role: "alert" });
  const input = h("input", { type: "file", accept: "image/*", multiple: true, id: "upload-file", class: "visually-hidden" });
  const dropzone = h("label.dropzone", { for: "upload-file" },
    icon("plus"), h("span", { style: { fontSize: "18px" } }, "Drag photos here"),
    h("span.btn.primary", {}, "Select from computer"), input);
  const preview = h("img", { alt: "" });
  const thumbs = h("div.thumbs", { role: "group", "aria-label": "Selected photos" });
  const filters = h("div.filters", { role: "radiogroup", "aria-label": "Filters" });
  const previewBox = h("div", { hidden: true }, h("div.preview", {}, preview), thumbs, filters);
  const caption = h("textarea.field", { name: "caption", placeholder: "Write a caption… use #hashtags and @mentions", "aria-label": "Caption", maxlength: 2200, rows: 6 });
  const counter = h("div.muted.small", { style: { textAlign: "right" } }, "0/2,200");
  caption.addEventListener("input", () => { counter.textContent = `${caption.value.length.toLocaleString("en-US")}/2,200`; });
  const alt = h("input.field", { placeholder: "Alt text for this photo (describes it for screen readers)", "aria-label": "Alt text", maxlength: 1000 });
  alt.addEventListener("input", () => { if (items[current]) items[current].alt = alt.value; });
  const location = h("input.field", { placeholder: "Add location", "aria-label": "Location", maxlength: 100 });
  const progress = h("div.progress", { hidden: true, role: "progressbar", "aria-label": "Upload progress" }, h("span"));
  const share = h("button.btn.primary.share", { type: "button", disabled: true }, "Share");
  const story = h("button.btn.story", { type: "button", disabled: true }, "Add to your story");

  function addFiles(list) {
    error.textContent = "";
    for (const file of list) {
      if (items.length >= MAX_ITEMS) { error.textContent = "A post can have at most 10 photos."; break; }
      if (file.size > MAX_BYTES) { error.textContent = messageFor(new ApiError(413, "file_too_large")); continue; }
      if (file.type && !file.type.startsWith("image/")) { error.textContent = "Only photos can be posted."; continue; }
      items.push({ file, url: URL.createObjectURL(file), filter: null, alt: "" });
    }
    if (items.length) select(items.length - 1);
  }
  function select(i) {
    current = i;
    const it = items[i];
    dropzone.hidden = true; previewBox.hidden = false;
    share.disabled = story.disabled = false;
    preview.src = it.url;
    preview.style.filter = FILTERS.find((f) => f.id === it.filter)?.css ?? "none";
    preview.alt = it.alt || "Preview of the selected photo";
    alt.value = it.alt;
    thumbs.replaceChildren(...items.map((x, k) => h("button", { type: "button", "aria-pressed": String(k === i), "aria-label": `Photo ${k + 1}`, onclick: () => select(k) },
      h("img", { src: x.url, alt: "", style: { filter: FILTERS.find((f) => f.id === x.filter)?.css ?? "none" } }))),
      items.length < MAX_ITEMS ? h("label.btn", { for: "upload-file", style: { alignSelf: "center" }, "aria-label": "Add photos" }, "+") : null);
    filters.replaceChildren(...FILTERS.map((f) => h("button.filter", { type: "button", role: "radio", "aria-checked": String(f.id === it.filter),
      "aria-pressed": String(f.id === it.filter), dataset: { filter: f.id ?? "normal" }, title: f.summary,
      onclick: () => { it.filter = f.id; select(current); } },
      h("img", { src: it.url, alt: "", style: { filter: f.css } }), f.name)));
  }

  input.addEventListener("change", () => { addFiles(input.files); input.value = ""; });
  dropzone.addEventListener("dragover", (e) => { e.preventDefault(); dropzone.classList.add("over"); });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
  dropzone.addEventListener("drop", (e) => { e.preventDefault(); dropzone.classList.remove("over"); addFiles(e.dataTransfer.files); });

  async function uploadAll(only) {
    const chosen = only ? [items[current]] : items;
    const ids = [];
    progress.hidden = false;
    for (const [k, it] of chosen.entries()) {
      const form = new FormData();
      form.append("media_type", "image");
      if (it.filter) form.append("filter_id", it.filter);
      form.append("file", it.file, it.file.name || "photo.jpg");
      const r = await upload("/api/v1/media/upload", form, (p) => {
        progress.firstChild.style.width = `${Math.round(((k + p) / chosen.length) * 100)}%`;
      });
      ids.push(r.media_id);
    }
    return ids;
  }
  async function run(button, action) {
    error.textContent = "";
    share.disabled = story.disabled = true;
    const label = button.textContent;
    button.textContent = "Sharing…";
    try { await action(); }
    catch (err) { error.textContent = messageFor(err); share.disabled = story.disabled = false; }
    finally { button.textContent = label; progress.hidden = true; }
  }
  share.addEventListener("click", () => run(share, async () => {
    const media_ids = await uploadAll(false);
    const body = { media_ids };
    if (caption.value.trim()) body.caption = caption.value.trim();
    if (location.value.trim()) body.location = { name: location.value.trim() };
    const alts = items.map((x) => x.alt.trim());
    if (alts.some(Boolean)) body.alt_text = alts.length === 1 ? alts[0] : alts;
    await api.post("/api/v1/posts", body);
    toast("Your post has been shared.");
    items.forEach((x) => URL.revokeObjectURL(x.url));
    navigate("/");
  }));
  story.addEventListener("click", () => run(story, async () => {
    const [media_id] = await uploadAll(true);
    await api.post("/api/v1/stories", { media_id });
    toast("Added to your story.");
    navigate("/");
  }));

  view.append(h("section.composer", { "aria-labelledby": "composer-title" },
    h("h1", { id: "composer-title" }, "Create new post"),
    progress,
    h("div.stage", {},
      h("div", {}, dropzone, previewBox),
      h("div.side", {}, h("div.pad", {}, caption, counter, alt, location, error,
        h("div", { style: { display: "flex", gap: "8px" } }, share, story))))));
  attachCompletion(caption);
  return () => items.forEach((x) => URL.revokeObjectURL(x.url));
}
