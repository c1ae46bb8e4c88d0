// A Leaflet map with the offline base layer: the gazetteer's provinces, districts and cities
// from /api/basemap as small grey points (names in tooltips, provinces labelled) on a plain
// background, and a tile layer only when /api/config names one. Tooltips and the attribution
// are DOM elements built from text, never HTML strings.

import { h } from "./dom.js";
import { cached, api, getConfig } from "./api.js";
import { leaflet } from "./vendor.js";

export const DEFAULT_VIEW = { center: [30.0, 69.5], zoom: 5 }; // Pakistan

const removed = new WeakSet(); // maps taken down (a basemap still loading must not be added)

const getBasemap = () => cached("basemap", () => api.get("/basemap"));

function attributionControl(L, text) {
  const Ctl = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const el = h("div", { class: "leaflet-control-attribution leaflet-control map-attribution" }, "Leaflet");
      if (text) el.appendChild(document.createTextNode(` | ${text}`));
      return el;
    },
  });
  return new Ctl();
}

function nameTip(props) {
  return () =>
    h("span", null, h("b", null, props.name || "?"), props.level ? ` ${props.level}` : "",
      props.admin1 && props.admin1 !== props.name ? `, ${props.admin1}` : "",
      props.country ? ` (${props.country})` : "");
}

const LEVEL_STYLE = {
  country: { radius: 3, weight: 1, color: "#777", fillColor: "#bbb" },
  province: { radius: 3, weight: 1, color: "#888", fillColor: "#ccc" },
  district: { radius: 2, weight: 0.5, color: "#999", fillColor: "#d4d4d4" },
  city: { radius: 1.8, weight: 0.5, color: "#999", fillColor: "#ddd" },
};

/** Basemap points as a layer group; provinces and countries get permanent labels. */
async function basemapLayer(L, renderer) {
  const fc = await getBasemap();
  const group = L.layerGroup();
  for (const f of (fc && fc.features) || []) {
    const c = f.geometry && f.geometry.coordinates;
    if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
    const p = f.properties || {};
    const st = LEVEL_STYLE[p.level] || LEVEL_STYLE.city;
    const mk = L.circleMarker([c[1], c[0]], { ...st, fillOpacity: 0.9, opacity: 0.9, renderer, pane: "basemap", bubblingMouseEvents: true });
    if (p.level === "province" || p.level === "country") {
      mk.bindTooltip(() => h("span", null, p.name || ""), {
        permanent: true,
        direction: "center",
        className: `base-label base-label-${p.level}`,
        interactive: false,
        opacity: 1,
      });
    } else {
      mk.bindTooltip(nameTip(p), { direction: "top", className: "base-tip", offset: [0, -2] });
    }
    group.addLayer(mk);
  }
  return group;
}

/**
 * A map in `el` with the base layer. Returns {L, map, base}. The basemap (thousands of points)
 * is drawn on a canvas in its own pane under the overlays; incident markers added later use
 * Leaflet's default SVG renderer, so each is a DOM path (class "incident-marker") above it.
 * The basemap loads in the background; a failure leaves a plain background and a note.
 */
export async function createMap(el, opts = {}) {
  const L = await leaflet();
  const config = await getConfig();
  const map = L.map(el, {
    attributionControl: false,
    zoomSnap: 0.5,
    minZoom: 2,
    worldCopyJump: true,
    ...opts.leaflet,
  });
  map.createPane("basemap").style.zIndex = "350"; // under overlayPane (400), over tiles (200)
  map.setView(opts.center || DEFAULT_VIEW.center, opts.zoom || DEFAULT_VIEW.zoom);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18 }).addTo(map);
    el.classList.add("with-tiles");
  }
  const credits = ["places: GeoNames (CC BY 4.0)", config.tiles ? config.tiles_attribution || "map tiles: see the tile server's terms" : null];
  attributionControl(L, credits.filter(Boolean).join(" | ")).addTo(map);
  const syncZoomClass = () => {
    el.dataset.zoom = String(Math.floor(map.getZoom()));
    el.classList.toggle("labels-provinces", map.getZoom() >= 5);
  };
  map.on("zoomend", syncZoomClass);
  syncZoomClass();
  const base = basemapLayer(L, L.canvas({ pane: "basemap", padding: 0.3 }))
    .then((layer) => (removed.has(map) ? null : layer.addTo(map)))
    .catch((err) => {
      el.appendChild(h("div", { class: "map-note" }, `basemap unavailable: ${err.message}`));
      return null;
    });
  return { L, map, base };
}

/** Take a map down, even mid-animation (a pan or zoom still running would touch removed panes). */
export function removeMap(map) {
  if (removed.has(map)) return;
  removed.add(map);
  try {
    map.stop();
    map.closePopup();
    map.off();
    map.remove();
  } catch (err) {
    console.warn("map removal", err);
  }
}
