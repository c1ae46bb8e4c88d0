// #/ : totals, incidents by month (stacked by type), and small bar lists by type, province and
// perpetrator, all under the shared filters; the latest incidents below.

import { h, go, replace, hashFor, fmtNum, humanize, link, monthEnd } from "../dom.js";
import { api } from "../api.js";
import { filteredPage, filterParams } from "../filters.js";
import { monthChart, barList, drawSized } from "../charts.js";
import { typeColor } from "../colors.js";
import { incidentTable } from "./incidents.js";

function stat(label, value, id) {
  return h("div", { class: "stat", id }, h("div", { class: "stat-value num" }, fmtNum(value)), h("div", { class: "stat-label" }, label));
}

export async function render(ctx) {
  const { root, params } = ctx;
  ctx.setTitle("Dashboard");
  const fp = filterParams(params);
  const listParams = Object.fromEntries(Object.entries(fp).filter(([k, v]) => !(k === "background" && v === "true")));
  const results = await filteredPage(root, params, { id: "dashboard", title: "Dashboard", path: "/" });
  const [stats, latest] = await Promise.all([api.get("/stats", fp), api.get("/incidents", { ...fp, limit: 10 })]);
  const chartHost = h("div", { class: "chart-host" });
  replace(
    results,
    h("div", { class: "stats" },
      stat("incidents", stats.total, "stat-incidents"),
      stat("killed (best estimate)", stats.killed, "stat-killed"),
      stat("injured (best estimate)", stats.injured, "stat-injured"),
      stat("months", (stats.by_month || []).length, "stat-months"),
    ),
    h("section", { class: "panel" }, h("h2", null, "Incidents by month"), chartHost),
    h("div", { class: "grid3" },
      h("section", { class: "panel", id: "by-type" }, h("h2", null, "By type"),
        barList((stats.by_type || []).map((t) => ({
          label: h("a", { href: hashFor("/incidents", { ...listParams, type: t.type }) }, humanize(t.type)),
          count: t.count,
          color: typeColor(t.type),
        })))),
      h("section", { class: "panel", id: "by-province" }, h("h2", null, "By province"),
        barList((stats.by_province || []).map((p) => ({
          label: h("a", { href: hashFor("/incidents", { ...listParams, place: p.province }) }, p.province || "unknown", p.country ? h("span", { class: "muted" }, ` ${p.country}`) : null),
          count: p.count,
        })), { empty: "No located incidents." })),
      h("section", { class: "panel", id: "by-actor" }, h("h2", null, "By perpetrator"),
        barList((stats.by_actor || []).map((a) => ({
          label: link.actor(a.actor_id, a.name || a.actor_id),
          count: a.count,
          href: a.actor_id ? hashFor("/incidents", { ...listParams, actor: a.actor_id }) : null,
        })), { empty: "No attributed incidents." })),
    ),
    h("section", { class: "panel" },
      h("h2", null, "Latest incidents ", h("span", { class: "muted" }, `(${fmtNum(latest.total)} in all) `), link.incidents(listParams, "see all →")),
      incidentTable(latest.items || []),
    ),
  );
  // The chart is sized to its container, so draw it once the page is laid out.
  const draw = () =>
    replace(chartHost, monthChart(stats.by_month, {
      width: chartHost.clientWidth || 900,
      onClick: (m) => go(hashFor("/incidents", { ...listParams, since: `${m}-01`, until: monthEnd(m), offset: null })),
    }));
  drawSized(chartHost, draw, ctx);
}
