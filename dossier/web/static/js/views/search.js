// #/search?q= : actors and incidents matching the words in the nav's search box.

import { h, replace, fmtNum, humanize, link } from "../dom.js";
import { api } from "../api.js";
import { kindColor } from "../colors.js";
import { incidentTable } from "./incidents.js";

const LIMIT = 25;

function actorTable(items) {
  if (!items.length) return h("p", { class: "muted empty" }, "No actors match.");
  return h("table", { class: "data actors", id: "actor-results" },
    h("thead", null, h("tr", null, h("th", null, "name"), h("th", null, "kind"), h("th", null, "aliases"),
      h("th", { class: "num" }, "articles"), h("th", { class: "num" }, "mentions"), h("th", null, "first seen"), h("th", null, "last seen"))),
    h("tbody", null, items.map((a) =>
      h("tr", { "data-actor-id": a.id },
        h("td", null, link.actor(a.id, a.name || a.id)),
        h("td", { class: "nowrap" }, h("i", { class: "swatch round", style: { background: kindColor(a.kind) } }), humanize(a.kind)),
        h("td", { class: "aliases" }, (a.aliases || []).slice(0, 6).join(", "), (a.aliases || []).length > 6 ? ` +${a.aliases.length - 6}` : ""),
        h("td", { class: "num" }, fmtNum(a.articles)),
        h("td", { class: "num" }, fmtNum(a.mentions)),
        h("td", { class: "nowrap" }, a.first_seen || "—"),
        h("td", { class: "nowrap" }, a.last_seen || "—")))));
}

export async function render(ctx) {
  const { root, params } = ctx;
  const q = (params.get("q") || "").trim();
  ctx.setTitle(q ? `Search: ${q}` : "Search");
  const page = h("div", { id: "search-results" });
  replace(root, page);
  if (!q) {
    replace(page, h("h1", null, "Search"), h("p", { class: "muted" }, "Type a name, place or word in the search box above."));
    return;
  }
  const [actors, incidents] = await Promise.all([
    api.get("/actors", { q, limit: LIMIT }),
    api.get("/incidents", { q, limit: LIMIT, background: "true" }),
  ]);
  const more = (res, node) => ((res.total ?? 0) > (res.items || []).length ? node : null);
  replace(
    page,
    h("div", { class: "page-head" }, h("h1", null, "Search: ", h("q", null, q))),
    h("section", { class: "panel", id: "search-actors" },
      h("h2", null, "Actors ", h("span", { class: "muted" }, `(${fmtNum(actors.total ?? (actors.items || []).length)})`)),
      actorTable(actors.items || []),
      more(actors, h("p", { class: "muted" }, `First ${LIMIT} shown; refine the search to see others.`))),
    h("section", { class: "panel", id: "search-incidents" },
      h("h2", null, "Incidents ", h("span", { class: "muted" }, `(${fmtNum(incidents.total ?? (incidents.items || []).length)})`), " ",
        link.incidents({ q }, "open in the incident list →")),
      incidentTable(incidents.items || [])),
  );
}
