// The incident filter bar shared by the dashboard, map, timeline and incident list. Its state
// lives in the URL hash query, so every filtered view can be bookmarked and reloaded.

import { h, hashFor, humanize, go, replace } from "./dom.js";
import { api, cached } from "./api.js";
import { TYPE_ORDER, sortTypes } from "./colors.js";

export const FILTER_KEYS = ["type", "since", "until", "place", "actor", "q", "bbox"];

/** The API query for the filters in a hash query (background defaults to included). */
export function filterParams(params) {
  const out = {};
  for (const k of FILTER_KEYS) if (params.get(k)) out[k] = params.get(k);
  out.background = params.get("background") === "false" ? "false" : "true";
  return out;
}

/** Incident types to offer: those that occur (from /api/stats) plus the taxonomy's. */
export function knownTypes() {
  return cached("types", () => api.get("/stats", { background: "true" }))
    .then((st) => (st.by_type || []).map((t) => t.type))
    .catch(() => []);
}

/**
 * <form class="filters"> bound to the hash: submitting it navigates to `path` with the
 * form's values (and the `keep` params of the current hash, e.g. bbox on the map).
 */
export async function filterBar(path, params, opts = {}) {
  const seen = await knownTypes();
  const types = sortTypes([...new Set([...(seen.length ? seen : TYPE_ORDER), params.get("type")].filter(Boolean))]);
  const val = (k) => params.get(k) || "";

  const typeSel = h("select", { name: "type", id: "f-type", "aria-label": "type" }, h("option", { value: "" }, "all types"),
    types.map((t) => h("option", { value: t, selected: t === val("type") }, humanize(t))));
  const field = (name, label, attrs = {}) =>
    h("label", { class: `f f-${name}` }, h("span", null, label), h("input", { name, id: `f-${name}`, value: val(name), ...attrs }));
  const bg = h("input", { type: "checkbox", name: "background", id: "f-background", checked: params.get("background") !== "false" });

  const form = h(
    "form",
    { class: "filters", id: "filters", role: "search" },
    h("label", { class: "f f-type" }, h("span", null, "type"), typeSel),
    field("since", "since", { type: "date" }),
    field("until", "until", { type: "date" }),
    field("place", "place", { type: "text", placeholder: "province, district, city", size: 14 }),
    field("actor", "actor", { type: "text", placeholder: "name or id", size: 12 }),
    field("q", "text", { type: "search", placeholder: "words in summary", size: 14 }),
    h("label", { class: "f f-check", title: "include incidents mentioned only as background (history, context)" }, bg, h("span", null, "include background")),
    h("button", { type: "submit", class: "primary" }, "Apply"),
    h("a", { href: hashFor(path), class: "reset" }, "reset"),
  );
  const apply = () => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const el = form.elements.namedItem(k);
      const v = el ? el.value.trim() : "";
      if (v) next.set(k, v);
    }
    if (!bg.checked) next.set("background", "false");
    for (const k of opts.keep || []) if (params.get(k)) next.set(k, params.get(k));
    const target = hashFor(path, Object.fromEntries(next));
    go(target);
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    apply();
  });
  // The select and the checkbox apply at once; text and date fields on Enter or Apply (a date
  // typed digit by digit passes through valid dates, which must not each reload the view).
  for (const el of [typeSel, bg]) el.addEventListener("change", apply);
  return form;
}

/** "bombing · since 2024-01-01 · place Karachi" — what is filtered, for headings. */
export function describeFilters(params) {
  const bits = [];
  if (params.get("type")) bits.push(humanize(params.get("type")));
  if (params.get("since")) bits.push(`since ${params.get("since")}`);
  if (params.get("until")) bits.push(`until ${params.get("until")}`);
  if (params.get("place")) bits.push(`in “${params.get("place")}”`);
  if (params.get("actor")) bits.push(`actor “${params.get("actor")}”`);
  if (params.get("q")) bits.push(`matching “${params.get("q")}”`);
  if (params.get("bbox")) bits.push("in map area");
  if (params.get("background") === "false") bits.push("no background");
  return bits.join(" · ");
}

/** A filtered view's page: heading with the filters in words (and `extra` head elements), the
 *  filter bar, and an empty results box, put in `root`. Returns the results box to fill. */
export async function filteredPage(root, params, { id, title, path, extra = null, barOpts = {} }) {
  const desc = describeFilters(params);
  const results = h("div", { class: "results" });
  replace(root, h("div", { id },
    h("div", { class: "page-head" }, h("h1", null, title), desc ? h("p", { class: "muted filter-desc" }, desc) : null, extra),
    await filterBar(path, params, barOpts),
    results));
  return results;
}
