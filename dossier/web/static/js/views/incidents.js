// #/incidents?type=&since=&until=&place=&actor=&q=&background=&offset=&limit= : the filter bar
// and a paged table of incidents.

import { h, go, replace, hashFor, fmtDate, fmtCount, fmtNum, humanize, placeName, link } from "../dom.js";
import { api } from "../api.js";
import { filteredPage, filterParams } from "../filters.js";
import { typeColor } from "../colors.js";

export function typeBadge(type) {
  return h("span", { class: "type-badge", "data-type": type }, h("i", { class: "swatch", style: { background: typeColor(type) } }), humanize(type));
}

export function perpetratorList(perps) {
  if (!perps || !perps.length) return h("span", { class: "muted" }, "—");
  return h("span", { class: "perps" },
    perps.map((p, i) => [
      i ? "; " : "",
      link.actor(p.actor_id, p.name || p.actor_id || "?"),
      p.status && p.status !== "confirmed" ? h("span", { class: `status status-${p.status}` }, ` ${p.status}`) : null,
    ]));
}

/** The incident table used here, on the dashboard and in search results. */
export function incidentTable(items, opts = {}) {
  if (!items.length) return h("p", { class: "muted empty" }, opts.empty || "No incidents match.");
  const rows = items.map((inc) => {
    const tr = h(
      "tr",
      { class: ["incident-row", inc.background ? "background" : null], "data-incident-id": inc.id },
      h("td", { class: "date nowrap" }, link.incident(inc.id, fmtDate(inc.date))),
      h("td", { class: "nowrap" }, typeBadge(inc.type)),
      h("td", { class: "place" }, placeName(inc.place) || h("span", { class: "muted" }, "—")),
      h("td", { class: "num" }, fmtCount(inc.killed)),
      h("td", { class: "num" }, fmtCount(inc.injured)),
      h("td", null, perpetratorList(inc.perpetrators)),
      h("td", { class: "summary" }, inc.background ? h("span", { class: "tag", title: "mentioned as background, not reported as news" }, "background") : null, inc.summary || ""),
    );
    tr.addEventListener("click", (ev) => {
      if (ev.target.closest("a") || window.getSelection().toString()) return;
      go(hashFor(`/incident/${encodeURIComponent(inc.id)}`));
    });
    return tr;
  });
  return h(
    "table",
    { class: "data incidents" },
    h("thead", null, h("tr", null,
      h("th", { class: "c-date" }, "date"), h("th", { class: "c-type" }, "type"), h("th", { class: "c-place" }, "place"),
      h("th", { class: "num c-count" }, "killed"), h("th", { class: "num c-count" }, "injured"),
      h("th", { class: "c-perps" }, "perpetrators"), h("th", { class: "c-summary" }, "summary"))),
    h("tbody", null, rows),
  );
}

/** "1–50 of 1,234" with prev/next links that keep the other params. */
export function pager(path, params, total, offset, limit, count) {
  const at = (off) => {
    const p = Object.fromEntries(params);
    p.offset = off > 0 ? String(off) : null;
    return hashFor(path, p);
  };
  const from = total ? offset + 1 : 0;
  const to = offset + count;
  return h(
    "nav",
    { class: "pager", "aria-label": "pages" },
    offset > 0 ? h("a", { href: at(Math.max(0, offset - limit)), class: "prev", rel: "prev" }, "← prev") : h("span", { class: "prev disabled" }, "← prev"),
    h("span", { class: "range" }, `${fmtNum(from)}–${fmtNum(to)} of ${fmtNum(total)}`),
    to < total ? h("a", { href: at(offset + limit), class: "next", rel: "next" }, "next →") : h("span", { class: "next disabled" }, "next →"),
  );
}

function intParam(params, key, dflt, min, max) {
  const n = parseInt(params.get(key) || "", 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

export async function render(ctx) {
  const { root, params } = ctx;
  ctx.setTitle("Incidents");
  const limit = intParam(params, "limit", 50, 1, 500);
  const offset = intParam(params, "offset", 0, 0, 1e9);
  const mapLink = hashFor("/map", Object.fromEntries([...params].filter(([k]) => k !== "offset" && k !== "limit")));
  const results = await filteredPage(root, params, {
    id: "incident-list", title: "Incidents", path: "/incidents", barOpts: { keep: ["limit"] },
    extra: h("p", { class: "head-links" }, h("a", { href: mapLink }, "show on map")),
  });
  const res = await api.get("/incidents", { ...filterParams(params), limit, offset });
  const items = res.items || [];
  replace(
    results,
    pager("/incidents", params, res.total ?? items.length, res.offset ?? offset, res.limit ?? limit, items.length),
    incidentTable(items),
    items.length > 15 ? pager("/incidents", params, res.total ?? items.length, res.offset ?? offset, res.limit ?? limit, items.length) : null,
  );
}
