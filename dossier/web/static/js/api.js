// The one way the UI talks to the server: GET/POST JSON under /api with the session cookie.
// A 401 shows the login form once (shared by every request waiting on it) and retries.

import { h } from "./dom.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function errorFrom(resp) {
  let body = null;
  try {
    body = await resp.json();
  } catch (_) {
    /* not JSON: fall through to the status line */
  }
  const e = body && body.error;
  if (e && typeof e === "object") {
    return new ApiError(e.status ?? resp.status, e.code ?? "error", String(e.message ?? resp.statusText));
  }
  return new ApiError(resp.status, "http_error", `${resp.status} ${resp.statusText || "error"}`.trim());
}

function urlFor(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    q.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const qs = q.toString();
  return `/api${path}${qs ? "?" + qs : ""}`;
}

async function request(method, path, { params, body } = {}, retried = false) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(urlFor(path, params), init);
  } catch (err) {
    throw new ApiError(0, "network", `cannot reach the server (${err.message || err})`);
  }
  if (resp.status === 401 && !retried && path !== "/session") {
    await login();
    return request(method, path, { params, body }, true);
  }
  if (!resp.ok) throw await errorFrom(resp);
  if (resp.status === 204) return null;
  try {
    return await resp.json();
  } catch (_) {
    throw new ApiError(resp.status, "bad_json", `the server sent something other than JSON for ${path}`);
  }
}

export const api = {
  get: (path, params) => request("GET", path, { params }),
  post: (path, body) => request("POST", path, { body }),
  del: (path) => request("DELETE", path),
};

// Cache for answers that do not change while the page is open (config, basemap, type list).
const cache = new Map();
export function cached(key, fn) {
  if (!cache.has(key)) {
    const p = fn().catch((err) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}

export const getConfig = () =>
  cached("config", () => api.get("/config")).catch(() => ({ tiles: null, tiles_attribution: null, read_open: true, version: "" }));

// -- login ------------------------------------------------------------------------------------

let pendingLogin = null;

/** Show the token form; resolves once POST /api/session succeeds. */
export function login() {
  if (pendingLogin) return pendingLogin;
  pendingLogin = new Promise((resolve) => {
    const input = h("input", { id: "login-token", name: "token", type: "password", autocomplete: "current-password", required: true, placeholder: "access token" });
    const msg = h("p", { class: "login-error", id: "login-error", role: "alert" });
    const button = h("button", { type: "submit" }, "Log in");
    const form = h(
      "form",
      { id: "login", class: "login" },
      h("h2", null, "This dossier needs a token"),
      h("p", { class: "muted" }, "Enter the access token you were given. It is kept in a cookie for this site only."),
      h("div", { class: "row" }, input, button),
      msg,
    );
    const overlay = h("div", { class: "overlay", id: "login-overlay" }, form);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      msg.textContent = "";
      try {
        await request("POST", "/session", { body: { token: input.value } }, true);
        overlay.remove();
        pendingLogin = null;
        document.body.dataset.loggedIn = "1";
        resolve();
      } catch (err) {
        msg.textContent = err.status === 401 || err.status === 403 ? "That token was not accepted." : `Could not log in: ${err.message}`;
        button.disabled = false;
        input.select();
      }
    });
    document.body.appendChild(overlay);
    input.focus();
  });
  return pendingLogin;
}

export async function logout() {
  try {
    await api.post("/logout");
  } finally {
    cache.clear();
    delete document.body.dataset.loggedIn;
  }
}
