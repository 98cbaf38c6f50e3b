// Short messages in an aria-live region, so screen readers announce errors and confirmations too.
import { h } from "./dom.js";
import { messageFor } from "./api.js";

export function toast(text, { error = false, ms = 4000 } = {}) {
  const el = h("div.toast", { class: error ? "error" : "" }, text);
  document.getElementById("toasts").append(el);
  setTimeout(() => el.remove(), ms);
}

export function toastError(err) { toast(messageFor(err), { error: true }); }
