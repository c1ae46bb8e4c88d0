// #/actor/ID : an actor's profile: names, descriptions, designations, relations with their
// quoted sources, incidents as perpetrator or victim, and the articles that name it.

import { h, replace, hashFor, fmtDate, fmtNum, fmtSpan, humanize, link, extLink, dl } from "../dom.js";
import { api } from "../api.js";
import { kindColor } from "../colors.js";
import { typeBadge } from "./incidents.js";

const muted = (t) => h("span", { class: "muted" }, t);

function kindBadge(kind) {
  return h("span", { class: "kind-badge", "data-kind": kind }, h("i", { class: "swatch round", style: { background: kindColor(kind) } }), humanize(kind || "unknown"));
}

function relationSources(sources) {
  if (!sources || !sources.length) return muted("—");
  return h("div", { class: "evidence-list" }, sources.map((s) => {
    if (s.table) {
      return h("blockquote", { class: "evidence ref-table" }, h("p", { class: "quote" }, s.note || `${s.table}${s.row !== undefined ? ` row ${s.row}` : ""}`),
        h("footer", null, muted(`reference table ${s.table}${s.row !== undefined && s.row !== null ? `, row ${s.row}` : ""}`)));
    }
    return h("blockquote", { class: "evidence", "data-article-id": s.article_id, "data-start": s.start, "data-end": s.end },
      h("p", { class: "quote" }, s.quote || muted("(no quote)")),
      h("footer", null,
        s.article_id ? link.article(s.article_id, s.title || s.article_id) : s.title || "",
        muted(` · ${s.published || "date unknown"}`),
        s.status ? muted(` · ${s.status}${s.attributed_by ? ` by ${s.attributed_by}` : ""}`) : null));
  }));
}

function relationsTable(actorId, rels) {
  if (!rels || !rels.length) return h("p", { class: "muted empty" }, "No relations recorded.");
  return h("table", { class: "data relations", id: "relations" },
    h("thead", null, h("tr", null, ...["subject", "relation", "object", "status", "attributed by", "when", "place", "sources"].map((t) => h("th", null, t)))),
    h("tbody", null, rels.map((r) => {
      const side = (id, name) => (id === actorId ? h("strong", { class: "self" }, name || id) : id ? link.actor(id, name || id) : name || muted("—"));
      return h("tr", { "data-relation-id": r.id, "data-predicate": r.predicate },
        h("td", null, side(r.subject, r.subject_name)),
        h("td", { class: "predicate" }, humanize(r.predicate)),
        h("td", null, side(r.object, r.object_name)),
        h("td", null, h("span", { class: `status status-${r.status}` }, r.status || "—")),
        h("td", null, r.attributed_by || "—"),
        h("td", { class: "nowrap" }, fmtSpan(r.start, r.end) || "—"),
        h("td", null, r.place || "—"),
        h("td", { class: "rel-sources" }, relationSources(r.sources)));
    })));
}

function designationsTable(ds) {
  if (!ds || !ds.length) return h("p", { class: "muted empty" }, "No designations known.");
  return h("table", { class: "data designations", id: "designations" },
    h("thead", null, h("tr", null, ...["by", "authority", "date", "listed as", "source"].map((t) => h("th", null, t)))),
    h("tbody", null, ds.map((d) =>
      h("tr", null,
        h("td", null, d.by || "—"),
        h("td", null, d.authority || "—"),
        h("td", { class: "nowrap" }, d.date || "—"),
        h("td", null, d.listed_as || "—"),
        h("td", null, d.source === "list" ? "reference list" : d.source === "text" ? "article text" : d.source || "—",
          d.record_id ? muted(` ${d.record_id}`) : null, d.url ? [" ", extLink(d.url, "link")] : null)))));
}

function incidentsTable(actor) {
  const incs = actor.incidents || [];
  if (!incs.length) return h("p", { class: "muted empty" }, "No incidents.");
  const total = actor.incidents_total ?? incs.length;
  return h("div", null,
    h("table", { class: "data actor-incidents", id: "actor-incidents" },
      h("thead", null, h("tr", null, h("th", null, "date"), h("th", null, "role"), h("th", null, "type"), h("th", null, "summary"))),
      h("tbody", null, incs.map((i) =>
        h("tr", { "data-incident-id": i.id, "data-role": i.role },
          h("td", { class: "nowrap" }, link.incident(i.id, fmtDate(i.date))),
          h("td", null, i.role || "—"),
          h("td", { class: "nowrap" }, typeBadge(i.type)),
          h("td", { class: "summary" }, i.summary || ""))))),
    total > incs.length ? h("p", null, `${fmtNum(incs.length)} of ${fmtNum(total)} shown · `, link.incidents({ actor: actor.id }, "all incidents with this actor, either side")) : null);
}

export async function render(ctx) {
  const { root, id } = ctx;
  ctx.setTitle(id);
  const page = h("div", { id: "actor-page", "data-actor-id": id });
  replace(root, page);
  const a = await api.get(`/actors/${encodeURIComponent(id)}`);
  ctx.setTitle(a.name || a.id);
  page.dataset.actorId = a.id;
  const kind = a.actor_kind || a.kind;
  replace(
    page,
    h("div", { class: "page-head" },
      h("h1", null, a.name || a.id, " ", kindBadge(kind)),
      h("p", { class: "muted" }, h("code", null, a.id),
        ` · first seen ${a.first_seen || "?"} · last seen ${a.last_seen || "?"}`,
        a.merged && a.merged.length ? ` · merged from ${a.merged.join(", ")}` : "",
        " · ", h("a", { href: hashFor("/network", { focus: a.id }) }, "in the network"))),
    h("div", { class: "grid2" },
      h("section", { class: "panel" }, h("h2", null, "Names and descriptions"),
        dl([
          ["kind", humanize(kind)],
          ["aliases", a.aliases && a.aliases.length ? h("ul", { class: "inline aliases" }, a.aliases.map((x) => h("li", null, x))) : muted("—")],
          ["descriptions", a.descriptions && a.descriptions.length ? h("ul", { class: "plain descriptions" }, a.descriptions.map((x) => h("li", null, x))) : muted("—")],
        ]),
        a.aliases_in_text && a.aliases_in_text.length
          ? [h("h3", null, "Names used in articles"),
             h("div", { class: "evidence-list aliases-in-text" }, a.aliases_in_text.map((x) =>
               h("blockquote", { class: "evidence", "data-article-id": x.article_id, "data-start": x.start, "data-end": x.end },
                 h("p", { class: "quote" }, x.quote || ""),
                 h("footer", null, h("strong", null, x.name || ""), " · ", x.article_id ? link.article(x.article_id, "article") : null))))]
          : null),
      h("section", { class: "panel" }, h("h2", null, "Designations"), designationsTable(a.designations))),
    h("section", { class: "panel" }, h("h2", null, "Relations ", muted(`(${fmtNum((a.relations || []).length)})`)), relationsTable(a.id, a.relations)),
    h("section", { class: "panel" }, h("h2", null, "Incidents ", muted(`(${fmtNum(a.incidents_total ?? (a.incidents || []).length)})`)), incidentsTable(a)),
    h("section", { class: "panel" }, h("h2", null, "Sources ", muted(`(${fmtNum((a.sources || []).length)})`)),
      a.sources && a.sources.length
        ? h("ol", { class: "sources" }, a.sources.map((s) =>
            h("li", { "data-article-id": s.article_id },
              link.article(s.article_id, s.title || s.article_id),
              muted(` · ${s.published || "date unknown"}${s.name ? ` · as “${s.name}”` : ""}`),
              s.url ? [" · ", extLink(s.url, "original")] : null)))
        : h("p", { class: "muted empty" }, "No sources.")),
  );
}
