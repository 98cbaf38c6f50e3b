// Log in and sign up. Errors from the API (taken username, weak password, wrong password, rate limits) are
// shown under the form in words, and announced to screen readers.
import { h } from "../dom.js";
import { api, messageFor } from "../api.js";
import { session } from "../session.js";
import { navigate } from "../router.js";

function authPage({ title, fields, submit, switchText, switchHref, switchLabel, onSubmit }) {
  const error = h("p.error-text", { role: "alert" });
  const button = h("button.btn.primary", { type: "submit" }, submit);
  const form = h("form", {
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = "";
      button.disabled = true;
      try {
        await onSubmit(Object.fromEntries(new FormData(form)));
        const next = new URLSearchParams(location.search).get("next");
        navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
      } catch (err) {
        error.textContent = messageFor(err);
      } finally { button.disabled = false; }
    },
  }, fields, button, error);
  return h("section.auth", {},
    h("div.card", {},
      h("h1.logo", {}, h("img", { src: document.querySelector("link[rel=icon]").href, alt: "" }), "Mosaic"),
      title ? h("p.tagline", {}, title) : null,
      form),
    h("p.switch", {}, switchText, " ", h("a.bold", { href: switchHref, style: { color: "var(--accent)" } }, switchLabel)));
}

const field = (name, label, type = "text", extra = {}) =>
  h("input.field", { name, type, placeholder: label, "aria-label": label, ...extra });

export function loginView(_params, view) {
  view.append(authPage({
    fields: [field("username", "Username", "text", { autocomplete: "username", required: true, autocapitalize: "none" }),
      field("password", "Password", "password", { autocomplete: "current-password", required: true })],
    submit: "Log in", switchText: "Don't have an account?", switchHref: "/app/signup", switchLabel: "Sign up",
    onSubmit: async ({ username, password }) => {
      const s = await api.post("/api/v1/sessions", { username: username.trim().toLowerCase(), password });
      session.start({ token: s.token, user_id: s.user_id, username: s.username ?? username.trim().toLowerCase() });
    },
  }));
  view.querySelector("input").focus();
}

export function signupView(_params, view) {
  view.append(authPage({
    title: "Sign up to see photos from your friends and the world.",
    fields: [
      field("email", "Email (optional)", "email", { autocomplete: "email" }),
      field("full_name", "Full name", "text", { autocomplete: "name", maxlength: 64 }),
      field("username", "Username", "text", { autocomplete: "username", required: true, autocapitalize: "none", maxlength: 30 }),
      field("password", "Password", "password", { autocomplete: "new-password", required: true, minlength: 8 })],
    submit: "Sign up", switchText: "Have an account?", switchHref: "/app/login", switchLabel: "Log in",
    onSubmit: async ({ email, full_name, username, password }) => {
      const body = { username: username.trim().toLowerCase(), password };
      if (full_name.trim()) body.full_name = full_name.trim();
      if (email.trim()) body.email = email.trim();
      const s = await api.post("/api/v1/accounts", body);
      session.start(s);
    },
  }));
  view.querySelector("input").focus();
}
