// #/map?(filters)&bbox= : the filtered incidents on the offline basemap. Changing the filters
// keeps the map where it is (update() swaps the markers); "search this area" sets bbox.

import { h, go, replace, hashFor, fmtNum, humanize } from "../dom.js";
import { api } from "../api.js";
import { filterBar, filterParams, describeFilters } from "../filters.js";
import { createMap, removeMap } from "../mapbase.js";
import { incidentMarker, hasPoint } from "../incident-marker.js";
import { typeColor, sortTypes } from "../colors.js";

const PAGE = 500;
const MAX = 5000;

let state = null; // {L, map, layer, bboxLayer, status, legend, barHost, page}

/** Every incident matching the filters, a page at a time, up to MAX. */
async function fetchAll(query, ctx) {
  const first = await api.get("/incidents", { ...query, limit: PAGE, offset: 0 });
  const items = [...(first.items || [])];
  const total = first.total ?? items.length;
  while (items.length < Math.min(total, MAX) && !ctx.stale()) {
    const next = await api.get("/incidents", { ...query, limit: PAGE, offset: items.length });
    if (!next.items || !next.items.length) break;
    items.push(...next.items);
  }
  return { items, total };
}

function parseBbox(v) {
  const n = (v || "").split(",").map(Number);
  return n.length === 4 && n.every(Number.isFinite) ? n : null;
}

/** Bounds of the central 80% of the points, so a few far-off incidents do not zoom the map out. */
function coreBounds(L, items) {
  const lats = items.map((i) => i.place.lat).sort((a, b) => a - b);
  const lons = items.map((i) => i.place.lon).sort((a, b) => a - b);
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(f * (xs.length - 1))))];
  const cut = items.length >= 8 ? 0.1 : 0;
  return L.latLngBounds([q(lats, cut), q(lons, cut)], [q(lats, 1 - cut), q(lons, 1 - cut)]);
}

function legendFor(items) {
  const counts = {};
  for (const i of items) counts[i.type] = (counts[i.type] || 0) + 1;
  return sortTypes(Object.keys(counts)).map((t) =>
    h("div", { class: "legend-item" }, h("i", { class: "swatch round", style: { background: typeColor(t) } }), `${humanize(t)} `, h("span", { class: "muted num" }, fmtNum(counts[t]))));
}

async function drawIncidents(ctx, fit) {
  const { L, map } = state;
  const params = ctx.params;
  state.status.textContent = "loading incidents…";
  const { items, total } = await fetchAll(filterParams(params), ctx);
  if (ctx.stale()) return;
  if (state.layer) state.layer.remove();
  const located = items.filter(hasPoint);
  // Biggest first, so small markers stay clickable on top of large ones.
  located.sort((a, b) => ((b.killed?.best || 0) + (b.injured?.best || 0)) - ((a.killed?.best || 0) + (a.injured?.best || 0)));
  state.layer = L.featureGroup(located.map((inc) => incidentMarker(L, inc))).addTo(map);

  if (state.bboxLayer) state.bboxLayer.remove();
  state.bboxLayer = null;
  const bbox = parseBbox(params.get("bbox"));
  if (bbox) {
    state.bboxLayer = L.rectangle([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { className: "bbox-rect", weight: 1, dashArray: "4 4", fill: false, color: "#555", interactive: false }).addTo(map);
  }
  state.clearArea.hidden = !bbox;

  const shown = located.length;
  const unplaced = items.length - shown;
  state.status.textContent =
    `${fmtNum(shown)} incident${shown === 1 ? "" : "s"} on the map` +
    (unplaced ? ` · ${fmtNum(unplaced)} without coordinates` : "") +
    (total > items.length ? ` · first ${fmtNum(items.length)} of ${fmtNum(total)} shown; narrow the filters` : "");
  state.page.dataset.count = String(shown);
  replace(state.legend, legendFor(located));
  if (fit) {
    if (bbox) map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { animate: false });
    else if (shown) map.fitBounds(coreBounds(L, located).pad(0.25), { maxZoom: 9, animate: false });
  }
}

function areaControl(L) {
  const Ctl = L.Control.extend({
    options: { position: "topright" },
    onAdd(map) {
      const search = h("button", { type: "button", id: "search-area", class: "map-button" }, "search this area");
      const clear = h("button", { type: "button", id: "clear-area", class: "map-button", hidden: true }, "clear area");
      search.addEventListener("click", () => {
        const b = map.getBounds();
        const r = (x) => x.toFixed(4);
        const bbox = [r(Math.max(-180, b.getWest())), r(Math.max(-90, b.getSouth())), r(Math.min(180, b.getEast())), r(Math.min(90, b.getNorth()))].join(",");
        const p = Object.fromEntries(state.params);
        p.bbox = bbox;
        go(hashFor("/map", p));
      });
      clear.addEventListener("click", () => {
        const p = Object.fromEntries(state.params);
        delete p.bbox;
        go(hashFor("/map", p));
      });
      state.clearArea = clear;
      const box = h("div", { class: "leaflet-bar map-buttons" }, search, clear);
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  return new Ctl();
}

export async function render(ctx) {
  const { root, params } = ctx;
  ctx.setTitle("Map");
  const mapEl = h("div", { id: "map-canvas", class: "map-canvas" });
  const status = h("p", { class: "map-status muted", id: "map-status" }, "loading…");
  const legend = h("div", { class: "map-legend legend", id: "map-legend" });
  const barHost = h("div", { class: "filter-host" });
  const desc = h("p", { class: "muted filter-desc" });
  const page = h("div", { id: "map", class: "map-page" },
    h("div", { class: "page-head" }, h("h1", null, "Map"), desc),
    barHost,
    h("div", { class: "map-wrap" }, mapEl, legend),
    status);
  replace(root, page);
  const { L, map, base } = await createMap(mapEl);
  if (ctx.stale()) {
    removeMap(map);
    return;
  }
  const mine = { L, map, layer: null, bboxLayer: null, status, legend, page, barHost, desc, params };
  state = mine;
  ctx.onCleanup(() => {
    removeMap(map);
    if (state === mine) state = null;
  });
  map.addControl(areaControl(L));
  replace(barHost, await filterBar("/map", params, { keep: ["bbox"] }));
  desc.textContent = describeFilters(params);
  await drawIncidents(ctx, true);
  await base;
}

export async function update(ctx) {
  if (!state) return render(ctx);
  state.params = ctx.params;
  ctx.setTitle("Map");
  replace(state.barHost, await filterBar("/map", ctx.params, { keep: ["bbox"] }));
  state.desc.textContent = describeFilters(ctx.params);
  await drawIncidents(ctx, false);
}
