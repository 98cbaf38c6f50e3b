// The only place that talks HTTP: bearer token, JSON, the error envelope, and human messages for every
// documented error code (../shared/API.md).
import { session } from "./session.js";

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status; this.code = code; this.retryAfter = retryAfter;
  }
}

/** Messages a person can act on, by error code; the server's own sentence is the fallback. */
const messages = {
  username_taken: "That username is taken. Try another one.",
  invalid_username: "Usernames use 1–30 lowercase letters, numbers, periods and underscores.",
  weak_password: "Choose a stronger password: at least 8 characters with letters and numbers or symbols (or 12+ characters), not a common one, and not your username.",
  invalid_email: "That email address doesn't look right.",
  invalid_credentials: "The username or password is incorrect.",
  unauthorized: "Please log in again.",
  private_account: "This account is private. Follow it to see its photos.",
  file_too_large: "That file is larger than 30 MB. Choose a smaller photo.",
  unsupported_format: "That file type isn't supported. Upload a JPEG, PNG, WebP or HEIC photo.",
  image_too_large_pixels: "That photo has too many pixels. Try a smaller version.",
  corrupt_image: "That photo couldn't be read. It may be damaged.",
  unknown_filter: "That filter isn't available.",
  invalid_media_id: "One of the photos expired or was already used. Upload it again.",
  caption_too_long: "Captions can be at most 2,200 characters.",
  blocked: "You can't interact with this account.",
  rate_limited: "You're doing that too often. Try again later.",
  not_found: "This page isn't available. The link may be broken, or it may have been removed.",
  forbidden: "You don't have access to this.",
  body_too_large: "That's too large to send.",
  email_taken: "That email address is already used by another account.",
  cannot_follow_self: "You can't follow yourself.",
  cannot_block_self: "You can't block yourself.",
  media_in_use: "That photo is already part of another post. Upload it again.",
  not_owner: "Only the person who posted this can do that.",
  not_participant: "You're not part of this conversation.",
  replies_disabled: "Replies are turned off for this story.",
  own_story: "You can't reply to your own story.",
  empty_message: "Write something first.",
  invalid_participants: "Choose at least one other person.",
  invalid_recipients: "Choose at least one person to send it to.",
  missing_file: "Choose a photo first.",
  storage_unavailable: "Mosaic is busy saving. Try again in a moment.",
  upgrade_required: "Your browser couldn't open the live connection.",
};

export function messageFor(error) {
  if (error instanceof ApiError) {
    let text = messages[error.code] ?? error.message ?? "Something went wrong.";
    if (error.status === 429 && error.retryAfter) text += ` (try again in ${error.retryAfter}s)`;
    return text;
  }
  return navigator.onLine === false ? "You're offline. Check your connection." : "Couldn't reach Mosaic. Try again.";
}

function url(path, query) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") u.searchParams.set(k, v);
  return u.pathname + u.search;
}

/** fetch wrapper: JSON in and out, ApiError for every non-2xx. `form` sends multipart (uploads). */
export async function request(method, path, { body, query, form, signal, keepalive } = {}) {
  const headers = { Accept: "application/json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
  const response = await fetch(url(path, query), { method, headers, body: payload, signal, keepalive });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const err = data?.error ?? {};
    const error = new ApiError(response.status, err.code ?? `http_${response.status}`, err.message,
      response.headers.get("Retry-After"));
    if (response.status === 401 && session.token && !path.startsWith("/api/v1/sessions")) session.expired();
    throw error;
  }
  return data;
}

export const api = {
  get: (path, query, opts) => request("GET", path, { ...opts, query }),
  post: (path, body, opts) => request("POST", path, { ...opts, body }),
  patch: (path, body) => request("PATCH", path, { body }),
  delete: (path) => request("DELETE", path),
};

/** Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    if (session.token) xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data?.error?.code ?? `http_${xhr.status}`, data?.error?.message,
        xhr.getResponseHeader("Retry-After")));
    };
    xhr.onerror = () => reject(new TypeError("network"));
    xhr.send(form);
  });
}
