// dossier web UI: a one-page app with hash routing. Each view is a module under js/views/
// exporting render(ctx) (and optionally update(ctx) to take new query params in place).
// body[data-ready] is "0" while a view loads and "1" once it has rendered (or shown its error).

import { h, go, replace, hashFor, errorLine } from "./js/dom.js";
import { getConfig, logout, ApiError } from "./js/api.js";
import * as dashboard from "./js/views/dashboard.js";
import * as mapView from "./js/views/map.js";
import * as timeline from "./js/views/timeline.js";
import * as incidents from "./js/views/incidents.js";
import * as incident from "./js/views/incident.js";
import * as actor from "./js/views/actor.js";
import * as article from "./js/views/article.js";
import * as network from "./js/views/network.js";
import * as search from "./js/views/search.js";

const ROUTES = [
  { pattern: /^\/?$/, view: dashboard, nav: "dashboard" },
  { pattern: /^\/map$/, view: mapView, nav: "map" },
  { pattern: /^\/timeline$/, view: timeline, nav: "timeline" },
  { pattern: /^\/incidents$/, view: incidents, nav: "incidents" },
  { pattern: /^\/incident\/([^/]+)$/, view: incident, nav: "incidents" },
  { pattern: /^\/actor\/([^/]+)$/, view: actor, nav: "network" },
  { pattern: /^\/article\/([^/]+)$/, view: article, nav: null },
  { pattern: /^\/network$/, view: network, nav: "network" },
  { pattern: /^\/search$/, view: search, nav: null },
];

function parseHash() {
  const raw = location.hash.replace(/^#/, "");
  const i = raw.indexOf("?");
  const path = i >= 0 ? raw.slice(0, i) : raw;
  const params = new URLSearchParams(i >= 0 ? raw.slice(i + 1) : "");
  return { path: path || "/", params };
}

let current = null; // {route, view, root, cleanups, token}
let navToken = 0;

function setNav(name) {
  for (const a of document.querySelectorAll("#nav a[data-nav]")) {
    a.classList.toggle("active", a.dataset.nav === name);
    if (a.dataset.nav === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function runCleanups(state) {
  if (!state) return;
  for (const fn of state.cleanups.splice(0)) {
    try {
      fn();
    } catch (err) {
      console.warn("cleanup failed", err);
    }
  }
}

async function navigate() {
  const token = ++navToken;
  document.body.dataset.ready = "0";
  const { path, params } = parseHash();
  let route = null;
  let match = null;
  for (const r of ROUTES) {
    match = path.match(r.pattern);
    if (match) {
      route = r;
      break;
    }
  }
  setNav(route ? route.nav : null);
  const searchBox = document.getElementById("search-box");
  if (searchBox && route && route.view === search) searchBox.value = params.get("q") || "";

  const main = document.getElementById("main");
  const id = match && match[1] ? decodeURIComponent(match[1]) : null;
  const inPlace = current && route && current.route === route && current.id === id && route.view.update && current.ok;

  let state;
  if (inPlace) {
    state = current;
    state.token = token;
  } else {
    runCleanups(current);
    const root = h("div", { class: "view" });
    replace(main, root);
    state = { route, id, root, cleanups: [], token, ok: false };
    current = state;
    window.scrollTo(0, 0);
  }
  const ctx = {
    root: state.root,
    params,
    id,
    path,
    stale: () => token !== navToken,
    onCleanup: (fn) => (state.token === token && current === state ? state.cleanups.push(fn) : fn()),
    setTitle: (t) => {
      if (token === navToken) document.title = t ? `${t} · dossier` : "dossier";
    },
  };
  try {
    if (!route) {
      ctx.setTitle("not found");
      replace(state.root, h("div", { id: "not-found", class: "panel" }, h("h1", null, "Not found"),
        h("p", null, "There is no page at ", h("code", null, location.hash || "/"), ". ", h("a", { href: hashFor("/") }, "Go to the dashboard"), ".")));
    } else if (inPlace) {
      await route.view.update(ctx);
    } else {
      await route.view.render(ctx);
      state.ok = true;
    }
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(err);
    if (token === navToken) {
      // Under the filter bar when the view has one (so the filters can be fixed), else on top.
      for (const old of state.root.querySelectorAll("p.error.view-error")) old.remove();
      const slot = state.root.querySelector(".results") || state.root;
      const line = errorLine(err);
      line.classList.add("view-error");
      slot.prepend(line);
    }
  } finally {
    if (token === navToken) document.body.dataset.ready = "1";
  }
}

function showGlobalError(message) {
  const bar = document.getElementById("message");
  if (!bar) return;
  replace(bar, h("span", null, message), h("button", { type: "button", class: "link", onclick: () => replace(bar) }, "dismiss"));
}

async function setupChrome() {
  const form = document.getElementById("search-form");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-box").value.trim();
    go(hashFor("/search", { q }));
  });
  const config = await getConfig();
  const ver = document.getElementById("version");
  if (ver && config.version) ver.textContent = `v${config.version}`;
  const out = document.getElementById("logout");
  if (out) {
    out.hidden = config.read_open === true && !document.body.dataset.loggedIn;
    out.addEventListener("click", async () => {
      await logout().catch(() => {});
      location.reload();
    });
  }
}

window.addEventListener("error", (ev) => showGlobalError(`Something went wrong: ${ev.message}`));
window.addEventListener("unhandledrejection", (ev) => showGlobalError(`Something went wrong: ${(ev.reason && ev.reason.message) || ev.reason}`));
window.addEventListener("hashchange", navigate);
document.addEventListener("click", (ev) => {
  const a = ev.target.closest && ev.target.closest('a[href^="#"]');
  if (a && !ev.defaultPrevented && ev.button === 0 && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && a.getAttribute("href") !== location.hash && document.body.dataset.ready === "1") {
    const before = navToken;
    document.body.dataset.ready = "0";
    // Should no hashchange follow (the same page spelled differently), put the flag back.
    setTimeout(() => {
      if (navToken === before && document.body.dataset.ready === "0") document.body.dataset.ready = "1";
    }, 100);
  }
});

document.body.dataset.ready = "0";
setupChrome().catch((err) => showGlobalError(err.message));
navigate();
