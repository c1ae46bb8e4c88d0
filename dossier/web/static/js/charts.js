// Hand-drawn charts: an SVG bar chart of incidents by month (stacked by type) and HTML bar
// lists. Labels are SVG <text>/<title> with text nodes, never markup.

import { h, s, fmtNum, humanize } from "./dom.js";
import { typeColor, sortTypes } from "./colors.js";

/** Every month from first to last (YYYY-MM), so gaps show as empty columns. */
function monthRange(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 1200) break; // a century is enough; guards against a bad date
  }
  return out;
}

/** An integer tick step giving at most ~5 ticks up to v. */
function tickStep(v) {
  const raw = v / 5;
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= raw && Number.isInteger(f * p)) return f * p;
  return 10 * p;
}

/**
 * by_month: [{month, count, by_type}] -> <svg class="chart month-chart">.
 * opts.onClick(month), opts.selected(month) -> bool (highlighted), opts.width.
 */
export function monthChart(byMonth, opts = {}) {
  const valid = (byMonth || []).filter((b) => /^\d{4}-\d{2}$/.test(b.month || ""));
  if (!valid.length) return h("p", { class: "muted empty" }, "No dated incidents.");
  const data = new Map(valid.map((b) => [b.month, b]));
  const sorted = [...data.keys()].sort();
  const months = monthRange(sorted[0], sorted[sorted.length - 1]);
  const types = sortTypes([...new Set(valid.flatMap((b) => Object.keys(b.by_type || {})))]);

  const W = Math.max(opts.width || 800, 320);
  const H = opts.height || 220;
  const m = { top: 10, right: 10, bottom: 38, left: 36 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const top = Math.max(1, ...valid.map((b) => b.count || 0));
  const stepY = tickStep(top);
  const max = Math.ceil(top / stepY) * stepY;
  const step = iw / months.length;
  const bw = Math.max(1, Math.min(40, step * 0.8));
  const y = (v) => ih - (v / max) * ih;

  const svg = s("svg", { class: "chart month-chart", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": "Incidents by month" });
  const g = s("g", { transform: `translate(${m.left},${m.top})` });
  svg.appendChild(g);

  for (let v = 0; v <= max; v += stepY) {
    g.appendChild(s("line", { class: "grid", x1: 0, x2: iw, y1: y(v), y2: y(v) }));
    g.appendChild(s("text", { class: "tick", x: -6, y: y(v) + 3, "text-anchor": "end" }, fmtNum(v)));
  }

  const labelEvery = Math.ceil(months.length / Math.max(1, Math.floor(iw / 56)));
  months.forEach((month, i) => {
    const b = data.get(month);
    const x = i * step + (step - bw) / 2;
    const col = s("g", { class: ["bar", opts.selected && opts.selected(month) ? "selected" : null], "data-month": month, tabindex: b ? 0 : null });
    // A full-height transparent hit area makes thin bars easy to click.
    col.appendChild(s("rect", { class: "hit", x: i * step, y: 0, width: step, height: ih }));
    if (b) {
      let acc = 0;
      const byType = b.by_type || {};
      const stacked = types.filter((t) => byType[t]);
      const rest = (b.count || 0) - stacked.reduce((a, t) => a + byType[t], 0);
      for (const t of stacked) {
        const v = byType[t];
        col.appendChild(s("rect", { x, y: y(acc + v), width: bw, height: y(acc) - y(acc + v), fill: typeColor(t), "data-type": t }));
        acc += v;
      }
      if (rest > 0) col.appendChild(s("rect", { x, y: y(acc + rest), width: bw, height: y(acc) - y(acc + rest), fill: "#999" }));
      const parts = stacked.map((t) => `${humanize(t)} ${byType[t]}`).join(", ");
      col.appendChild(s("title", null, `${month}: ${fmtNum(b.count)} incident${b.count === 1 ? "" : "s"}${parts ? ` (${parts})` : ""}`));
      if (opts.onClick) {
        col.addEventListener("click", () => opts.onClick(month));
        col.addEventListener("keydown", (ev) => (ev.key === "Enter" || ev.key === " ") && opts.onClick(month));
      }
    }
    g.appendChild(col);
    if (i % labelEvery === 0) {
      g.appendChild(s("text", { class: "tick", x: i * step + step / 2, y: ih + 14, "text-anchor": "middle" }, month));
    }
  });
  g.appendChild(s("line", { class: "axis", x1: 0, x2: iw, y1: ih, y2: ih }));

  const legend = h(
    "div",
    { class: "legend" },
    types.map((t) => h("span", { class: "legend-item" }, h("i", { class: "swatch", style: { background: typeColor(t) } }), humanize(t))),
  );
  return h("figure", { class: "chart-wrap" }, svg, legend);
}

/**
 * A compact horizontal bar list: rows [{label (node|string), count, color?, href?}].
 */
export function barList(rows, opts = {}) {
  if (!rows || !rows.length) return h("p", { class: "muted empty" }, opts.empty || "Nothing yet.");
  const max = Math.max(...rows.map((r) => r.count || 0), 1);
  const shown = rows.slice(0, opts.limit || 12);
  return h(
    "table",
    { class: ["barlist", opts.class] },
    h(
      "tbody",
      null,
      shown.map((r) =>
        h(
          "tr",
          null,
          h("td", { class: "bl-label" }, r.color ? h("i", { class: "swatch", style: { background: r.color } }) : null, r.label),
          h("td", { class: "bl-bar" }, h("span", { class: "bar-fill", style: { width: `${(100 * (r.count || 0)) / max}%`, background: r.color || null } })),
          h("td", { class: "num" }, r.href ? h("a", { href: r.href }, fmtNum(r.count)) : fmtNum(r.count)),
        ),
      ),
    ),
    rows.length > shown.length ? h("caption", { class: "muted" }, `top ${shown.length} of ${rows.length}`) : null,
  );
}

/** Draw now, and again when the host's width changes by more than 40 px (charts are sized to it);
 *  the observer goes with the view. */
export function drawSized(host, draw, ctx) {
  draw();
  let last = host.clientWidth;
  const ro = new ResizeObserver(() => {
    if (Math.abs(host.clientWidth - last) > 40) {
      last = host.clientWidth;
      draw();
    }
  });
  ro.observe(host);
  ctx.onCleanup(() => ro.disconnect());
}
