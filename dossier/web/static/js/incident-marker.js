// An incident on a map: a circle sized by killed + injured, coloured by type, with a popup
// built as DOM (type, date, place, casualties, link to the incident page).

import { h, link, fmtDate, fmtCount, bestOf, humanize, placeName } from "./dom.js";
import { typeColor } from "./colors.js";

export function hasPoint(inc) {
  const p = inc && inc.place;
  return !!p && Number.isFinite(p.lat) && Number.isFinite(p.lon);
}

export function radiusFor(inc) {
  const n = (bestOf(inc.killed) || 0) + (bestOf(inc.injured) || 0);
  return Math.min(28, 5 + 2.2 * Math.sqrt(n));
}

export function popupFor(inc) {
  return h(
    "div",
    { class: "incident-popup", "data-incident-id": inc.id },
    h("div", { class: "popup-type" }, h("i", { class: "swatch", style: { background: typeColor(inc.type) } }), humanize(inc.type)),
    h("div", null, fmtDate(inc.date)),
    h("div", null, placeName(inc.place) || "place unknown"),
    h("div", null, `killed ${fmtCount(inc.killed)} · injured ${fmtCount(inc.injured)}`),
    inc.summary ? h("p", { class: "popup-summary" }, inc.summary.length > 220 ? inc.summary.slice(0, 217) + "…" : inc.summary) : null,
    link.incident(inc.id, "open incident →"),
  );
}

export function incidentMarker(L, inc, opts = {}) {
  const color = typeColor(inc.type);
  const mk = L.circleMarker([inc.place.lat, inc.place.lon], {
    radius: radiusFor(inc),
    color: "#222",
    weight: 0.8,
    fillColor: color,
    fillOpacity: inc.background ? 0.35 : 0.75,
    className: `incident-marker type-${String(inc.type).replace(/[^a-z0-9_-]/gi, "")}`,
    ...opts,
  });
  mk.bindPopup(() => popupFor(inc), { maxWidth: 320 });
  mk.on("add", () => {
    const el = mk.getElement && mk.getElement();
    if (el) el.setAttribute("data-incident-id", inc.id);
  });
  return mk;
}
