// Evidence quotes: the sentence a field's value came from, with the value, who says so, and a
// button that shows it in the source text.

import { h, fmtCount, fmtDate, humanize } from "./dom.js";

/** Any evidence value as a short string (counts, dates, parties, lists, scalars). */
export function formatValue(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return v.map(formatValue).join(", ");
  if ("best" in v || "low" in v || "high" in v) return fmtCount(v);
  if ("precision" in v && ("start" in v || "end" in v)) return `${fmtDate(v)} (${v.precision || "?"})`;
  if ("name" in v) {
    const extra = [v.description, v.status && v.status !== "unknown" ? v.status : null].filter(Boolean).join(", ");
    return extra ? `${v.name} (${extra})` : String(v.name);
  }
  return JSON.stringify(v);
}

/**
 * One quote. opts.sourceTitle(article_id) -> title; opts.show(evidence) -> bool (scrolls to
 * it in the article text; false when the article is not shown).
 */
export function evidenceQuote(e, opts = {}) {
  const who = [e.status ? humanize(e.status) : null, e.attributed_by ? `by ${e.attributed_by}` : null].filter(Boolean).join(" ");
  const title = opts.sourceTitle ? opts.sourceTitle(e.article_id) : null;
  const showBtn = opts.show
    ? h("button", { type: "button", class: "link show-in-text", title: "show this sentence in the article text" }, "show in text")
    : null;
  const el = h(
    "blockquote",
    {
      class: "evidence",
      "data-field": e.field,
      "data-article-id": e.article_id,
      "data-report-id": e.report_id,
      "data-start": e.start,
      "data-end": e.end,
    },
    h("p", { class: "quote" }, e.quote || h("span", { class: "muted" }, "(no quote stored)")),
    h("footer", null,
      h("span", { class: "ev-value" }, `${humanize(e.field)}: ${formatValue(e.value)}`),
      who ? h("span", { class: "ev-status" }, ` · ${who}`) : null,
      title ? h("span", { class: "ev-source muted" }, ` · ${title}`) : null,
      showBtn ? [" · ", showBtn] : null,
    ),
  );
  if (showBtn) {
    showBtn.addEventListener("click", () => {
      if (!opts.show(e)) showBtn.textContent = "not in the text shown";
    });
  }
  return el;
}

export function evidenceList(items, opts) {
  if (!items || !items.length) return null;
  return h("div", { class: "evidence-list" }, items.map((e) => evidenceQuote(e, opts)));
}
