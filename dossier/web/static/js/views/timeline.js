// #/timeline?(filters) : incidents by month as bars (months inside since/until highlighted);
// clicking a month opens the incident list for that month. Below, the incidents of the
// selected range in date order, oldest first.

import { h, go, replace, hashFor, fmtDate, fmtCount, fmtNum, placeName, link, monthEnd } from "../dom.js";
import { api } from "../api.js";
import { filteredPage, filterParams } from "../filters.js";
import { monthChart, drawSized } from "../charts.js";
import { typeBadge, perpetratorList } from "./incidents.js";

const LIMIT = 500;

function chronology(items) {
  if (!items.length) return h("p", { class: "muted empty" }, "No incidents in this range.");
  const byMonth = new Map();
  for (const inc of items) {
    const m = (inc.date && (inc.date.start || inc.date.end) || "undated").slice(0, 7);
    if (!byMonth.has(m)) byMonth.set(m, []);
    byMonth.get(m).push(inc);
  }
  return h("ol", { class: "chronology", id: "chronology" },
    [...byMonth.entries()].map(([m, incs]) =>
      h("li", { class: "chron-month", "data-month": m },
        h("h3", null, m, h("span", { class: "muted" }, ` · ${incs.length}`)),
        h("ul", null, incs.map((inc) =>
          h("li", { class: ["chron-item", inc.background ? "background" : null], "data-incident-id": inc.id },
            h("span", { class: "chron-date nowrap" }, link.incident(inc.id, fmtDate(inc.date))),
            typeBadge(inc.type),
            h("span", { class: "chron-place" }, placeName(inc.place) || "place unknown"),
            h("span", { class: "chron-counts num" }, `killed ${fmtCount(inc.killed)}, injured ${fmtCount(inc.injured)}`),
            h("span", { class: "chron-perps" }, perpetratorList(inc.perpetrators)),
            h("div", { class: "chron-summary" }, inc.summary || ""),
          ))))));
}

function dateKey(inc) {
  return (inc.date && (inc.date.start || inc.date.end)) || "9999";
}

export async function render(ctx) {
  const { root, params } = ctx;
  ctx.setTitle("Timeline");
  const results = await filteredPage(root, params, { id: "timeline", title: "Timeline", path: "/timeline" });
  const fp = filterParams(params);
  // The bars show every month under the other filters; since/until pick the range.
  const barsQuery = { ...fp };
  delete barsQuery.since;
  delete barsQuery.until;
  const [stats, res] = await Promise.all([
    api.get("/stats", barsQuery),
    api.get("/incidents", { ...fp, limit: LIMIT }),
  ]);
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const inRange = (m) => (since || until) && (!since || monthEnd(m) >= since) && (!until || `${m}-01` <= until);
  const items = [...(res.items || [])].sort((a, b) => dateKey(a).localeCompare(dateKey(b)) || a.id.localeCompare(b.id));
  const others = Object.fromEntries([...params].filter(([k]) => !["since", "until", "offset"].includes(k)));
  const chartHost = h("div", { class: "chart-host" });
  replace(
    results,
    h("section", { class: "panel" },
      h("h2", null, "Incidents by month ", h("span", { class: "muted" }, "(click a month to list its incidents)")),
      chartHost),
    h("section", { class: "panel" },
      h("h2", null, since || until ? `Incidents ${since || "…"} to ${until || "…"}` : "All incidents",
        h("span", { class: "muted" }, ` · ${fmtNum(res.total ?? items.length)}`)),
      (res.total ?? 0) > items.length
        ? h("p", { class: "note" }, `Showing ${fmtNum(items.length)} of ${fmtNum(res.total)} (the most recent); narrow the range to see the rest, or `, link.incidents(Object.fromEntries(params), "page through the list"), ".")
        : null,
      chronology(items)),
  );
  const draw = () =>
    replace(chartHost, monthChart(stats.by_month, {
      width: chartHost.clientWidth || 900,
      selected: inRange,
      onClick: (m) => go(hashFor("/incidents", { ...others, since: `${m}-01`, until: monthEnd(m) })),
    }));
  drawSized(chartHost, draw, ctx);
}
