// An article's text with its evidence spans marked. Spans may overlap or nest, so the text is
// cut at every span boundary into segments; a segment covered by several spans becomes one
// <mark> carrying all their labels. The result is text nodes and <mark> elements only.

import { h, extLink, humanize, link } from "./dom.js";

/**
 * The API counts offsets in Unicode code points (Python string indices); JavaScript strings
 * index UTF-16 code units. Returns a function mapping code-point offsets to code-unit offsets
 * (identity when the text has no characters outside the BMP).
 */
export function offsetMapper(text) {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return (i) => i;
  const units = [];
  let u = 0;
  for (const ch of text) {
    units.push(u);
    u += ch.length;
  }
  units.push(u);
  return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
}

/** Cut [0, text.length) at every span boundary: [{start, end, spans: [...]}] (UTF-16 offsets). */
export function segments(text, spans) {
  const toUnit = offsetMapper(text);
  const clean = [];
  for (const sp of spans || []) {
    if (!Number.isInteger(sp.start) || !Number.isInteger(sp.end)) continue;
    const a = toUnit(Math.max(0, sp.start));
    const b = toUnit(Math.max(0, sp.end));
    if (b > a && a < text.length) clean.push({ ...sp, a, b: Math.min(b, text.length) });
  }
  const cuts = new Set([0, text.length]);
  for (const sp of clean) {
    cuts.add(sp.a);
    cuts.add(sp.b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    out.push({ start: a, end: b, spans: clean.filter((sp) => sp.a <= a && sp.b >= b) });
  }
  return out;
}

function uniq(values) {
  return [...new Set(values.filter((v) => v !== null && v !== undefined && v !== ""))];
}

function spanLabel(sp) {
  const what = sp.label || sp.field || sp.kind || "span";
  return sp.kind ? `${sp.kind}: ${what}` : String(what);
}

/**
 * The article body as a <div class="article-text"> of text nodes and marks.
 * current: a Set of report ids whose spans get class "hl-current".
 */
export function highlightedText(text, spans, current = new Set()) {
  const body = h("div", { class: "article-text" });
  for (const seg of segments(text || "", spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.spans.length) {
      body.appendChild(document.createTextNode(piece));
      continue;
    }
    const kinds = uniq(seg.spans.map((sp) => sp.kind));
    const isCurrent = seg.spans.some((sp) => sp.report_id && current.has(sp.report_id));
    const mark = h(
      "mark",
      {
        class: ["hl", ...kinds.map((k) => `hl-${String(k).replace(/[^a-z0-9_-]/gi, "")}`), isCurrent ? "hl-current" : null],
        title: uniq(seg.spans.map(spanLabel)).join("\n"),
        "data-start": seg.start,
        "data-end": seg.end,
        "data-kinds": kinds.join(" "),
        "data-fields": uniq(seg.spans.map((sp) => sp.field)).join(" "),
        "data-labels": uniq(seg.spans.map((sp) => sp.label)).join(" | "),
        "data-report-ids": uniq(seg.spans.map((sp) => sp.report_id)).join(" "),
        "data-incident-ids": uniq(seg.spans.map((sp) => sp.incident_id)).join(" "),
        "data-actor-ids": uniq(seg.spans.map((sp) => sp.actor_id)).join(" "),
        "data-depth": seg.spans.length,
      },
      piece,
    );
    body.appendChild(mark);
  }
  return body;
}

/** The whole article block: headline, metadata, highlighted text. */
export function articleBlock(art, current = new Set(), opts = {}) {
  const meta = [
    art.published ? `published ${art.published}` : "date unknown",
    art.dateline ? `dateline ${art.dateline}` : null,
    art.byline ? `by ${art.byline}` : null,
  ].filter(Boolean);
  const counts = {};
  for (const sp of art.spans || []) counts[sp.kind || "span"] = (counts[sp.kind || "span"] || 0) + 1;
  return h(
    "article",
    { class: "source-article", id: `article-${art.id}`, "data-article-id": art.id },
    h("header", null,
      h("h3", null, opts.linkHeadline ? link.article(art.id, art.headline || art.id) : art.headline || art.id),
      h("p", { class: "meta" },
        meta.join(" · "),
        art.url ? [" · ", extLink(art.url, "original")] : null,
        art.origin && !art.url ? h("span", { class: "muted origin" }, ` · ${art.origin}`) : null,
      ),
      h("p", { class: "meta legend" },
        h("mark", { class: "hl hl-current" }, "this incident"), " ",
        h("mark", { class: "hl hl-fact" }, "other facts"), " ",
        h("mark", { class: "hl hl-entity" }, "names"), " ",
        h("mark", { class: "hl hl-relation" }, "relations"), " ",
        h("span", { class: "muted" }, Object.entries(counts).map(([k, n]) => `${n} ${humanize(k)}`).join(", ")),
      ),
    ),
    highlightedText(art.text || "", art.spans || [], current),
  );
}

/** Scroll to and flash the mark covering a code-point offset range in an article block. */
export function showInText(block, text, start, end) {
  if (!block) return false;
  const toUnit = offsetMapper(text || "");
  const a = toUnit(start);
  const b = toUnit(end);
  const marks = [...block.querySelectorAll("mark.hl")].filter((mk) => +mk.dataset.start < b && +mk.dataset.end > a);
  if (!marks.length) return false;
  marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const mk of marks) {
    mk.classList.remove("flash");
    void mk.offsetWidth; // restart the animation
    mk.classList.add("flash");
  }
  return true;
}
