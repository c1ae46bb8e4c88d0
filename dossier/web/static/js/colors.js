// Fixed colours for incident types and actor kinds (the taxonomy in DESIGN.md); anything
// new gets a stable colour from a fallback palette by hashing its name.

export const TYPE_COLORS = {
  armed_assault: "#d62728",
  targeted_killing: "#9467bd",
  bombing: "#ff7f0e",
  suicide_bombing: "#8c2d04",
  kidnapping: "#e377c2",
  strike: "#1f77b4",
  massacre: "#67000d",
  arson_sabotage: "#bcbd22",
  sabotage: "#bcbd22",
  security_operation: "#2ca02c",
  clash: "#17becf",
  arrest: "#7f7f7f",
  designation: "#637939",
  protest: "#8c6d31",
  threat: "#ad494a",
  other: "#a0a0a0",
};

/** Display order for types (stacking order in charts). */
export const TYPE_ORDER = Object.keys(TYPE_COLORS);

export const KIND_COLORS = {
  armed_group: "#d62728",
  person: "#1f77b4",
  state: "#2ca02c",
  state_agency: "#17becf",
  political_party: "#9467bd",
  organization: "#ff7f0e",
  incident: "#7f7f7f",
};

export const ACTOR_KINDS = ["armed_group", "person", "state", "state_agency", "political_party", "organization"];

const FALLBACK = ["#393b79", "#5254a3", "#6b6ecf", "#637939", "#8ca252", "#8c6d31", "#bd9e39", "#843c39", "#ad494a", "#7b4173", "#a55194"];

function hashed(name) {
  let x = 0;
  for (const ch of String(name)) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return FALLBACK[x % FALLBACK.length];
}

export const typeColor = (t) => TYPE_COLORS[t] || hashed(t);
export const kindColor = (k) => KIND_COLORS[k] || hashed(k);

export function sortTypes(types) {
  const rank = (t) => (TYPE_ORDER.includes(t) ? TYPE_ORDER.indexOf(t) : TYPE_ORDER.length);
  return [...types].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}
