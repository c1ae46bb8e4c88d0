// #/incident/ID : every field of one incident followed by its evidence quotes, the sources,
// a small map, and the source articles with this incident's evidence highlighted.

import { h, replace, fmtDate, fmtCount, fmtNum, humanize, placeName, link, extLink, dl, errorLine } from "../dom.js";
import { api } from "../api.js";
import { createMap, removeMap } from "../mapbase.js";
import { incidentMarker, hasPoint } from "../incident-marker.js";
import { articleBlock, showInText } from "../article.js";
import { evidenceList } from "../evidence.js";
import { typeBadge } from "./incidents.js";

const FIELD_ORDER = ["type", "date", "place", "killed", "injured", "perpetrators_killed", "perpetrators", "victims", "targets", "weapons", "background"];
const PLACE_ZOOM = { point: 10, neighbourhood: 10, city: 9, district: 8, province: 6, country: 5 };

// Evidence names a field per value found ("perpetrator"); the record holds the list ("perpetrators").
const FIELD_OF = { perpetrator: "perpetrators", victim: "victims", target: "targets", weapon: "weapons" };

function groupEvidence(evidence) {
  const by = new Map();
  for (const e of evidence || []) {
    const k = FIELD_OF[e.field] || e.field || "other";
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(e);
  }
  return by;
}

function countValue(c) {
  if (!c) return "—";
  const parts = ["low", "best", "high"].map((k) => `${k} ${c[k] ?? "—"}`).join(" · ");
  return h("span", null, h("strong", { class: "num" }, fmtCount(c)), h("span", { class: "muted" }, `  (${parts})`));
}

function dateValue(d) {
  if (!d) return "—";
  return h("span", null, h("strong", null, fmtDate(d)), h("span", { class: "muted" }, `  precision ${d.precision || "?"} · basis ${d.basis || "?"}`));
}

function placeValue(p) {
  if (!p) return h("span", { class: "muted" }, "unknown");
  const coords = hasPoint({ place: p }) ? `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}` : "no coordinates";
  return h("div", null,
    h("strong", null, p.name || "?"),
    dl([
      p.city ? ["city", p.city] : null,
      ["district", p.admin2 || "—"],
      ["province", p.admin1 || "—"],
      ["country", p.country || "—"],
      ["coordinates", coords],
      ["precision", `${p.precision || "?"}${p.basis ? ` · basis ${p.basis}` : ""}`],
      p.id ? ["gazetteer id", h("code", null, p.id)] : null,
    ], "compact"));
}

function perpetratorsValue(perps) {
  if (!perps || !perps.length) return h("span", { class: "muted" }, "none named");
  return h("table", { class: "data compact perpetrators" },
    h("thead", null, h("tr", null, h("th", null, "name"), h("th", null, "status"), h("th", null, "attributed by"), h("th", null, "history"))),
    h("tbody", null, perps.map((p) =>
      h("tr", null,
        h("td", null, link.actor(p.actor_id, p.name || p.actor_id || "?")),
        h("td", null, h("span", { class: `status status-${p.status}` }, p.status || "—")),
        h("td", null, p.attributed_by || "—"),
        h("td", null, (p.history || []).length
          ? h("ol", { class: "history" }, p.history.map((x) =>
              h("li", null, `${x.published || "undated"}: ${x.status || "?"}${x.attributed_by ? ` by ${x.attributed_by}` : ""} `, x.article_id ? link.article(x.article_id, "source") : null)))
          : "—")))));
}

function victimsValue(victims) {
  if (!victims || !victims.length) return h("span", { class: "muted" }, "none named");
  return h("ul", { class: "plain victims" }, victims.map((v) =>
    h("li", null, link.actor(v.actor_id, v.name || v.actor_id || "?"), v.description ? h("span", { class: "muted" }, ` — ${v.description}`) : null)));
}

function listValue(xs) {
  return xs && xs.length ? xs.map(humanize).join(", ") : h("span", { class: "muted" }, "—");
}

function fieldRows(inc, evidence, evOpts) {
  const values = {
    type: typeBadge(inc.type),
    date: dateValue(inc.date),
    place: placeValue(inc.place),
    killed: countValue(inc.killed),
    injured: countValue(inc.injured),
    perpetrators_killed: countValue(inc.perpetrators_killed),
    perpetrators: perpetratorsValue(inc.perpetrators),
    victims: victimsValue(inc.victims),
    targets: listValue(inc.targets),
    weapons: listValue(inc.weapons),
    background: inc.background ? "yes — mentioned as background (history or context), not reported as news" : "no — reported as news",
  };
  const fields = [...FIELD_ORDER, ...[...evidence.keys()].filter((k) => !FIELD_ORDER.includes(k))];
  return h("table", { class: "fields" }, h("tbody", null, fields.map((f) =>
    h("tr", { class: "field", id: `field-${f}`, "data-field": f },
      h("th", { scope: "row" }, humanize(f)),
      h("td", null,
        h("div", { class: "field-value" }, f in values ? values[f] : h("span", { class: "muted" }, "(evidence only)")),
        evidenceList(evidence.get(f), evOpts) || (f === "background" ? null : h("p", { class: "no-evidence muted" }, "no quoted evidence")))))));
}

function sourcesList(sources, showArticle) {
  if (!sources || !sources.length) return h("p", { class: "muted" }, "No sources.");
  return h("ol", { class: "sources", id: "sources" }, sources.map((s) =>
    h("li", { "data-article-id": s.article_id, "data-report-id": s.report_id },
      h("button", { type: "button", class: "link source-title", onclick: () => showArticle(s.article_id) }, s.title || s.article_id),
      h("span", { class: "muted" }, ` · ${s.published || "date unknown"} · `),
      link.article(s.article_id, "article page"),
      s.url ? [" · ", extLink(s.url, "original")] : null,
      s.quote ? h("p", { class: "evidence source-quote" }, s.quote) : null)));
}

async function smallMap(host, inc, ctx) {
  const zoom = PLACE_ZOOM[inc.place.precision] || 8;
  const { L, map, base } = await createMap(host, { center: [inc.place.lat, inc.place.lon], zoom, leaflet: { scrollWheelZoom: false } });
  ctx.onCleanup(() => removeMap(map));
  if (ctx.stale()) return;
  incidentMarker(L, inc).addTo(map);
  await base;
}

/** Scroll the article panel (not the page) so the first current mark sits near its top. */
function scrollToFirstCurrent(panel) {
  const mark = panel.querySelector("mark.hl-current");
  if (!mark) return;
  if (panel.scrollHeight > panel.clientHeight + 1) {
    const top = mark.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    panel.scrollTop = Math.max(0, top - panel.clientHeight / 4);
  }
  mark.scrollIntoView({ block: "nearest" });
}

export async function render(ctx) {
  const { root, id } = ctx;
  ctx.setTitle(id);
  const page = h("div", { id: "incident-page", "data-incident-id": id });
  replace(root, page);
  const inc = await api.get(`/incidents/${encodeURIComponent(id)}`);
  ctx.setTitle(`${humanize(inc.type)} ${fmtDate(inc.date)}`);
  page.dataset.incidentId = inc.id;
  const evidence = groupEvidence(inc.evidence);
  const titles = new Map((inc.sources || []).map((s) => [s.article_id, s.title]));
  const current = new Set(inc.reports || []);

  const articlesPanel = h("div", { class: "articles-panel", id: "articles" }, h("p", { class: "muted" }, "loading source text…"));
  const texts = new Map(); // article_id -> {block, text}
  const showArticle = (aid) => {
    const t = texts.get(aid);
    if (!t) return false;
    const mark = t.block.querySelector("mark.hl-current") || t.block;
    mark.scrollIntoView({ block: "start", behavior: "smooth" });
    return true;
  };
  const evOpts = {
    sourceTitle: titles.size > 1 ? (aid) => titles.get(aid) || aid : null,
    show: (e) => {
      const t = texts.get(e.article_id);
      return !!t && showInText(t.block, t.text, e.start, e.end);
    },
  };
  const mapHost = hasPoint(inc) ? h("div", { class: "small-map", id: "incident-map" }) : null;

  replace(
    page,
    h("div", { class: "page-head" },
      h("h1", null, typeBadge(inc.type), " ", fmtDate(inc.date), inc.place ? ` · ${placeName(inc.place)}` : ""),
      h("p", { class: "muted" },
        h("code", null, inc.id), ` · ${fmtNum((inc.reports || []).length)} report${(inc.reports || []).length === 1 ? "" : "s"}`,
        ` · ${fmtNum((inc.sources || []).length)} source${(inc.sources || []).length === 1 ? "" : "s"}`,
        inc.background ? h("span", { class: "tag" }, " background") : null),
      inc.summary ? h("p", { class: "lede" }, inc.summary) : null),
    h("div", { class: "incident-layout" },
      h("div", { class: "incident-main" },
        h("section", { class: "panel" }, h("h2", null, "Fields and evidence"), fieldRows(inc, evidence, evOpts)),
        h("section", { class: "panel" }, h("h2", null, "Sources"), sourcesList(inc.sources, showArticle)),
        mapHost ? h("section", { class: "panel" }, h("h2", null, "Place"), mapHost) : null),
      h("aside", { class: "incident-side" }, h("h2", null, "Source text"), articlesPanel)),
  );

  const articleIds = [...new Set([...(inc.sources || []).map((s) => s.article_id), ...(inc.evidence || []).map((e) => e.article_id)].filter(Boolean))];
  const loadArticles = Promise.all(
    articleIds.map((aid) => api.get(`/articles/${encodeURIComponent(aid)}`).then((art) => ({ aid, art }), (err) => ({ aid, err }))),
  ).then((results) => {
    replace(articlesPanel);
    for (const { aid, art, err } of results) {
      if (err) {
        articlesPanel.appendChild(h("div", { class: "source-article" }, h("h3", null, titles.get(aid) || aid), errorLine(err)));
        continue;
      }
      const block = articleBlock(art, current, { linkHeadline: true });
      texts.set(aid, { block, text: art.text || "" });
      articlesPanel.appendChild(block);
    }
    if (!results.length) articlesPanel.appendChild(h("p", { class: "muted" }, "No source articles."));
    scrollToFirstCurrent(articlesPanel);
  });
  await Promise.all([loadArticles, mapHost ? smallMap(mapHost, inc, ctx) : null]);
}
