// DOM building without HTML strings. Every piece of text from the API goes in through
// createTextNode / textContent, attributes through setAttribute on a fixed set of names,
// and links only to in-app hashes or http(s) URLs. Nothing here parses HTML.

const SVG_NS = "http://www.w3.org/2000/svg";
const SAFE_URL = /^(#|https?:\/\/)/i;

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name.startsWith("on")) throw new Error(`refusing inline handler attribute ${name}`);
    else if ((name === "href" || name === "src" || name === "action") && !SAFE_URL.test(String(value))) continue;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

/** h("a", {href: "#/x", class: "y"}, "text", child, [more]) -> element. Strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  return append(el, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  return append(clear(el), children);
}

/** A link to an external page, only for http(s) URLs; otherwise the text alone. */
export function extLink(url, text) {
  if (url && /^https?:\/\//i.test(url)) {
    return h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow", class: "ext" }, text || url);
  }
  return text ? document.createTextNode(text) : null;
}

// -- in-app links -----------------------------------------------------------------------------

export function hashFor(path, params) {
  const q = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined)).toString() : "";
  return "#" + path + (q ? "?" + q : "");
}

/**
 * Navigate to an in-app hash. body[data-ready] drops to "0" at once (hashchange fires later), so
 * a test that acts and then waits for data-ready="1" never sees the old view's flag. Navigating
 * to the hash already shown renders it again.
 */
export function go(hash) {
  document.body.dataset.ready = "0";
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

export const link = {
  incident: (id, text) => h("a", { href: hashFor(`/incident/${encodeURIComponent(id)}`), class: "incident-link" }, text ?? id),
  actor: (id, text) => (id ? h("a", { href: hashFor(`/actor/${encodeURIComponent(id)}`), class: "actor-link" }, text ?? id) : document.createTextNode(text ?? "")),
  article: (id, text) => h("a", { href: hashFor(`/article/${encodeURIComponent(id)}`), class: "article-link" }, text ?? id),
  incidents: (params, text) => h("a", { href: hashFor("/incidents", params) }, text),
};

// -- formatting -------------------------------------------------------------------------------

const NUM = new Intl.NumberFormat("en-US");

export function fmtNum(n) {
  return n === null || n === undefined || Number.isNaN(n) ? "—" : NUM.format(n);
}

/** {low, best, high} -> "2" or "2 (1–4)"; nothing known -> "—". */
export function fmtCount(c) {
  if (!c) return "—";
  const { low, best, high } = c;
  const main = best ?? low ?? high;
  if (main === null || main === undefined) return "—";
  const lo = low ?? main;
  const hi = high ?? main;
  return lo === hi && lo === main ? fmtNum(main) : `${fmtNum(main)} (${fmtNum(lo)}–${fmtNum(hi)})`;
}

export function bestOf(c) {
  if (!c) return null;
  return c.best ?? c.low ?? c.high ?? null;
}

/** An incident date {start, end, precision} as a short string. */
export function fmtDate(d) {
  if (!d) return "—";
  const { start, end } = d;
  if (!start && !end) return "unknown";
  if (start && (!end || end === start)) return start;
  if (!start) return `by ${end}`;
  return `${start} – ${end}`;
}

export function fmtSpan(start, end) {
  if (!start && !end) return "";
  if (start && end && start !== end) return `${start} – ${end}`;
  return start || `until ${end}`;
}

export function humanize(code) {
  return String(code ?? "").replace(/_/g, " ");
}

export function placeName(p) {
  if (!p) return "";
  const parts = [p.name];
  for (const k of ["city", "admin2", "admin1"]) {
    if (p[k] && !parts.includes(p[k])) parts.push(p[k]);
  }
  return parts.filter(Boolean).join(", ");
}

/** Last day of a YYYY-MM month as YYYY-MM-DD. */
export function monthEnd(month) {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, "0")}`;
}

/** A definition list from [label, value] pairs (values: nodes, strings or arrays). */
export function dl(pairs, cls) {
  return h("dl", { class: ["kv", cls] }, pairs.filter((p) => p).map(([k, v]) => [h("dt", null, k), h("dd", null, v ?? "—")]));
}

/** An API error (or any error) as the one-line message views show. */
export function errorLine(err) {
  const code = err && err.code && err.code !== "error" ? `${err.code}: ` : "";
  return h("p", { class: "error", role: "alert" }, `${code}${(err && err.message) || String(err)}`);
}
