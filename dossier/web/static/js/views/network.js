// #/network?kinds=&predicates=&incidents=true&focus=ID : the actor network in Cytoscape.js
// (cose layout). Checkboxes filter actor kinds and predicates (server-side); nodes are coloured
// by actor kind; clicking a node opens its actor (or incident) page. Labels are canvas text.

import { h, go, replace, hashFor, fmtNum, humanize } from "../dom.js";
import { api, cached } from "../api.js";
import { cytoscape } from "../vendor.js";
import { ACTOR_KINDS, kindColor } from "../colors.js";

const LIMIT = 300; // most actors drawn (best connected first)
const INCIDENTS = 200; // with "include incidents": the latest N incidents linked to their actors

const listParam = (params, key) => (params.has(key) ? params.get(key).split(",").filter(Boolean) : null);

function checkboxGroup(name, legend, options, selected, colorOf) {
  return h("fieldset", { class: `checks checks-${name}`, id: `net-${name}` },
    h("legend", null, legend),
    options.map((o) =>
      h("label", { class: "check" },
        h("input", { type: "checkbox", name, value: o, checked: !selected || selected.includes(o) }),
        colorOf ? h("i", { class: "swatch round", style: { background: colorOf(o) } }) : null,
        humanize(o))));
}

function styles() {
  return [
    { selector: "node", style: {
      "background-color": "data(color)", label: "data(label)", "font-size": 13, color: "#222",
      "text-valign": "bottom", "text-margin-y": 2, "text-wrap": "ellipsis", "text-max-width": 120,
      width: "data(size)", height: "data(size)", "border-width": 0.5, "border-color": "#333",
      "text-background-color": "#fff", "text-background-opacity": 0.6, "text-background-padding": 1,
      "min-zoomed-font-size": 6,
    } },
    { selector: "node[kind = 'incident']", style: { shape: "diamond", "font-size": 9, color: "#555" } },
    { selector: "node.focus", style: { "border-width": 3, "border-color": "#000", "font-weight": "bold", "z-index": 10 } },
    { selector: "edge", style: {
      width: 1, "line-color": "#aaa", "target-arrow-color": "#aaa", "target-arrow-shape": "triangle", "arrow-scale": 0.7,
      "curve-style": "bezier", label: "data(label)", "font-size": 10, color: "#666", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1, "min-zoomed-font-size": 7,
    } },
    { selector: "edge[status = 'denied']", style: { "line-style": "dashed" } },
    { selector: "edge[kind = 'incident']", style: { "line-color": "#ccc", "target-arrow-color": "#ccc", label: "" } },
    { selector: ".faded", style: { opacity: 0.15 } },
  ];
}

function elementsOf(graph) {
  const degree = new Map();
  for (const e of graph.edges || []) {
    degree.set(e.source, (degree.get(e.source) || 0) + 1);
    degree.set(e.target, (degree.get(e.target) || 0) + 1);
  }
  const ids = new Set();
  const nodes = (graph.nodes || []).map((n) => {
    ids.add(n.id);
    const kind = n.kind === "incident" ? "incident" : n.actor_kind || "organization";
    return { group: "nodes", data: {
      id: n.id, kind: n.kind, actor_kind: n.actor_kind || "", label: String(n.label ?? n.id),
      color: kindColor(kind), size: Math.min(40, (n.kind === "incident" ? 8 : 12) + 3 * Math.sqrt(degree.get(n.id) || 0)),
    } };
  });
  const edges = (graph.edges || []).filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ group: "edges", data: {
    id: e.id, source: e.source, target: e.target, predicate: e.predicate, label: humanize(e.predicate),
    status: e.status || "", kind: /_in$/.test(e.predicate || "") ? "incident" : "relation",
  } }));
  return [...nodes, ...edges];
}

export async function render(ctx) {
  const { root, params } = ctx;
  ctx.setTitle("Network");
  const canvasHost = h("div", { id: "network-canvas", class: "network-canvas" });
  const info = h("p", { class: "muted", id: "network-info" }, "loading…");
  const controls = h("form", { class: "filters network-filters", id: "network-filters" }, "loading…");
  const page = h("div", { id: "network" },
    h("div", { class: "page-head" }, h("h1", null, "Network"), info),
    controls,
    canvasHost);
  replace(root, page);

  const kinds = listParam(params, "kinds");
  const preds = listParam(params, "predicates");
  const withIncidents = params.get("incidents") === "true";
  const [cy, all] = await Promise.all([cytoscape(), cached("network-all", () => api.get("/network", { limit: LIMIT }))]);

  const kindOptions = [...new Set([...ACTOR_KINDS, ...(all.nodes || []).filter((n) => n.kind !== "incident").map((n) => n.actor_kind).filter(Boolean), ...(kinds || [])])];
  const predOptions = [...new Set([...(all.edges || []).map((e) => e.predicate).filter((p) => p && !/_in$/.test(p)), ...(preds || [])])].sort();
  const incBox = h("input", { type: "checkbox", name: "incidents", id: "net-incidents", checked: withIncidents });
  replace(controls,
    checkboxGroup("kinds", "actor kinds", kindOptions, kinds, kindColor),
    checkboxGroup("predicates", "relations", predOptions, preds),
    h("fieldset", { class: "checks" }, h("legend", null, "incidents"),
      h("label", { class: "check" }, incBox, "include incidents")),
  );
  controls.addEventListener("change", () => {
    const picked = (name, options) => {
      const vals = [...controls.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
      return vals.length === options.length ? null : vals.join(",") || "none";
    };
    go(hashFor("/network", {
      kinds: picked("kinds", kindOptions),
      predicates: picked("predicates", predOptions),
      incidents: incBox.checked ? "true" : null,
      focus: params.get("focus"),
    }));
  });

  const none = (xs) => xs && (xs.length === 0 || (xs.length === 1 && xs[0] === "none"));
  const graph = none(kinds) || none(preds)
    ? { nodes: [], edges: [], truncated: false }
    : await api.get("/network", { kinds: kinds || null, predicates: preds || null, incidents: withIncidents ? INCIDENTS : 0, limit: LIMIT });
  if (ctx.stale()) return;
  const elements = elementsOf(graph);
  const nNodes = (graph.nodes || []).length;
  const nEdges = elements.length - nNodes;
  replace(info, `${fmtNum(nNodes)} nodes · ${fmtNum(nEdges)} edges`,
    graph.truncated ? h("span", { class: "warn" }, ` · truncated to ${LIMIT} nodes; narrow the filters`) : "",
    " · click a node to open it");
  page.dataset.nodes = String(nNodes);
  page.dataset.edges = String(nEdges);
  if (!nNodes) {
    canvasHost.appendChild(h("p", { class: "muted empty network-empty" }, "No relations match these filters."));
  }

  const instance = cy({
    container: canvasHost,
    elements,
    style: styles(),
    minZoom: 0.1,
    maxZoom: 4,
    layout: { name: "preset" },
  });
  window.dossierNetwork = instance; // for the browser tests and the console
  ctx.onCleanup(() => instance.destroy());
  instance.on("tap", "node", (ev) => {
    const n = ev.target.data();
    go(n.kind === "incident" ? hashFor(`/incident/${encodeURIComponent(n.id)}`) : hashFor(`/actor/${encodeURIComponent(n.id)}`));
  });
  instance.on("mouseover", "node", (ev) => {
    const hood = ev.target.closedNeighborhood();
    instance.elements().not(hood).addClass("faded");
    canvasHost.style.cursor = "pointer";
  });
  instance.on("mouseout", "node", () => {
    instance.elements().removeClass("faded");
    canvasHost.style.cursor = "";
  });
  if (nNodes) {
    const layout = instance.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 60, nodeRepulsion: () => 5000, componentSpacing: 30, gravity: 1.5, padding: 20 });
    const done = layout.promiseOn("layoutstop");
    layout.run();
    await done;
    const focus = params.get("focus") && instance.getElementById(params.get("focus"));
    if (focus && focus.length) {
      focus.addClass("focus");
      instance.animate({ center: { eles: focus }, zoom: Math.max(instance.zoom(), 1.2) }, { duration: 0 });
    }
  }
}
