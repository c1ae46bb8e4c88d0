// #/article/ID?incident=ID : one stored article with all its spans marked; with ?incident=,
// that incident's evidence is the current highlight.

import { h, replace, link } from "../dom.js";
import { api } from "../api.js";
import { articleBlock } from "../article.js";

export async function render(ctx) {
  const { root, id, params } = ctx;
  ctx.setTitle(id);
  const page = h("div", { id: "article-page", "data-article-id": id });
  replace(root, page);
  const incidentId = params.get("incident");
  const [art, inc] = await Promise.all([
    api.get(`/articles/${encodeURIComponent(id)}`),
    incidentId ? api.get(`/incidents/${encodeURIComponent(incidentId)}`) : null,
  ]);
  ctx.setTitle(art.headline || art.id);
  const current = new Set(inc ? inc.reports || [] : []);
  const incidents = [...new Set((art.spans || []).map((s) => s.incident_id).filter(Boolean))];
  const actors = [...new Set((art.spans || []).map((s) => s.actor_id).filter(Boolean))];
  replace(
    page,
    h("div", { class: "article-layout" },
      h("div", { class: "panel article-panel" }, articleBlock(art, current)),
      h("aside", { class: "panel" },
        h("h2", null, "Incidents in this article"),
        incidents.length
          ? h("ul", { class: "plain" }, incidents.map((i) => h("li", null, link.incident(i), " · ", h("a", { href: `#/article/${encodeURIComponent(id)}?incident=${encodeURIComponent(i)}` }, "highlight"))))
          : h("p", { class: "muted" }, "none"),
        h("h2", null, "Actors named"),
        actors.length ? h("ul", { class: "plain" }, actors.map((a) => h("li", null, link.actor(a)))) : h("p", { class: "muted" }, "none"))),
  );
  const first = page.querySelector("mark.hl-current");
  if (first) first.scrollIntoView({ block: "center" });
}
