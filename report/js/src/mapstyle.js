// Styles and tooltip texts of the report's maps, kept apart from Leaflet so
// that `node --test src/` can check them without a browser.
//
// A map (report/map.go, mapData) has views: every line and point has one
// value per view. The reader shows one view, or the difference between two
// views ("2030 naloxone" minus "2030 baseline").
import { fmtNum } from "./format.js";

// A line under IDLE of the map's largest value is a trace of the routing
// equilibrium's averaging rather than a route: drawn thin and grey.
export const IDLE = 0.01;
export const IDLE_COLOR = "#c4c0b4";
const MAX_WEIGHT = 9; // px, the busiest line
export const MAX_RADIUS = 22; // px, the largest point

// Sequential ramp for flows (ColorBrewer OrRd 4–9, Brewer 2003): light for
// little, dark red for the busiest corridors.
const RAMP = ["#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000", "#7f0000"];
// Diverging pair for differences (ColorBrewer RdBu ends): red more, blue less.
export const MORE = "#b2182b";
export const LESS = "#2166ac";
// Areas with values (a choropleth): ColorBrewer Oranges 7 for values, and
// RdBu 7 (blue less, white about the same, red more) for differences.
const AREA_RAMP = ["#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04"];
const AREA_DIVERGE = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"];
// The fill of an area without a value: the plain outline's.
export const AREA_PLAIN = "#f1efe8";

// value is what a line or point shows in view v, or its difference from view
// ref when ref is not null.
export function value(values, v, ref) {
  const x = values[v];
  return ref == null ? x : x - values[ref];
}

// scaleTop is the largest absolute value any line or point of kind
// ("lines" or "points") shows in view `only` (or its difference from ref),
// or, when only is null, in any view, so that widths and sizes compare
// across views.
export function scaleTop(map, kind, ref, only = null) {
  let top = 0;
  const nv = map.views.length;
  for (const el of map[kind]) {
    for (let v = 0; v < nv; v++) {
      if (only == null || v === only) top = Math.max(top, Math.abs(value(el.values, v, ref)));
    }
  }
  return top;
}

// valuedAreas says whether the map's areas carry values (all or none do).
export function valuedAreas(map) {
  return Array.isArray(map.areas) && map.areas.length > 0 && Array.isArray(map.areas[0].values);
}

// areaFill is the fill colour of an area showing x against the map's top:
// seven steps of the sequential ramp, or, for a difference, seven steps from
// blue (−top) through white (about 0) to red (+top).
export function areaFill(x, top, diff) {
  if (!(top > 0) || !Number.isFinite(x)) return diff ? AREA_DIVERGE[3] : AREA_RAMP[0];
  const n = AREA_RAMP.length;
  if (!diff) return AREA_RAMP[Math.min(n - 1, Math.floor((Math.max(0, x) / top) * n))];
  const s = Math.max(-1, Math.min(1, x / top)); // −1..1
  return AREA_DIVERGE[Math.min(n - 1, Math.floor(((s + 1) / 2) * n))];
}

// ramp picks the colour of share (0–1) of the top value.
export function ramp(share) {
  const s = Math.min(1, Math.max(0, share));
  return RAMP[Math.min(RAMP.length - 1, Math.floor(s * RAMP.length))];
}

// lineStyle is the Leaflet path style of a line showing x against the map's
// top; diff says x is a difference (drawn red for more, blue for less).
export function lineStyle(x, top, diff) {
  const share = top > 0 ? Math.abs(x) / top : 0;
  if (!(share >= IDLE)) return { color: IDLE_COLOR, weight: 0.8, opacity: 0.9, idle: true };
  const color = diff ? (x > 0 ? MORE : LESS) : ramp(share);
  return { color, weight: 1 + (MAX_WEIGHT - 1) * share, opacity: 0.85, idle: false };
}

// radius of a circle whose area is proportional to x, the top value filling
// MAX_RADIUS; any non-zero value is at least 2 px so that it stays visible.
export function radius(x, top) {
  if (!(top > 0) || !x) return 0;
  return Math.max(2, MAX_RADIUS * Math.sqrt(Math.min(1, Math.abs(x) / top)));
}

// escapeHTML makes text safe inside a tooltip, which Leaflet sets as HTML.
export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function signed(x) {
  return (x > 0 ? "+" : "") + fmtNum(x, 3);
}

// viewName is "2024" or "Baseline, by year: 2024" when the view's group
// says more than its label.
export function viewName(view) {
  return view.group ? `${view.group}: ${view.label}` : view.label;
}

// tooltip is the HTML of an element's tooltip: its label, its info line,
// its value in view v (and in ref with the difference), and the part (for
// example seized) when the map has one.
export function tooltip(map, el, v, ref) {
  const unit = map.unit ? " " + escapeHTML(map.unit) : "";
  const out = [`<strong>${escapeHTML(el.label)}</strong>`];
  if (el.info) out.push(escapeHTML(el.info));
  const x = el.values[v];
  const part = map.partLabel && el.parts ? ` (${escapeHTML(map.partLabel)} ${fmtNum(el.parts[v], 3)}${share(el.parts[v], x)})` : "";
  if (ref == null) {
    out.push(`${fmtNum(x, 3)}${unit}${part}`);
  } else {
    const y = el.values[ref];
    // Views of two groups may share a label ("2020" observed and simulated).
    const same = map.views[v].label === map.views[ref].label;
    const name = (i) => escapeHTML(same ? viewName(map.views[i]) : map.views[i].label);
    out.push(`${name(v)}: ${fmtNum(x, 3)}${unit}${part}`);
    out.push(`${name(ref)}: ${fmtNum(y, 3)}${unit}`);
    out.push(`difference: ${signed(x - y)}${unit}`);
  }
  return out.join("<br>");
}

function share(part, whole) {
  return whole > 0 ? `, ${Math.round((100 * part) / whole)}%` : "";
}

// groups lists the views by group, in order of first appearance, for the
// view selector's <optgroup>s: [{group, items: [{index, label}]}].
export function groups(views) {
  const out = [];
  const at = new Map();
  views.forEach((view, index) => {
    const g = view.group || "";
    if (!at.has(g)) {
      at.set(g, out.length);
      out.push({ group: g, items: [] });
    }
    out[at.get(g)].items.push({ index, label: view.label });
  });
  return out;
}

// legendText says what widths, colours and circles mean in the state shown.
export function legendText(map, v, ref, shared) {
  const unit = map.unit ? " " + map.unit : "";
  const only = shared ? null : v;
  const lt = scaleTop(map, "lines", ref, only);
  const pt = scaleTop(map, "points", ref, only);
  const at = valuedAreas(map) ? scaleTop(map, "areas", ref, only) : 0;
  const parts = [];
  if (ref == null) {
    const of = shared && map.views.length > 1 ? " of any view" : "";
    if (valuedAreas(map)) parts.push(`Areas: the darker the more, darkest ${fmtNum(at, 3)}${unit}${of}.`);
    if (map.lines.length) parts.push(`Lines: width and colour by value, widest ${fmtNum(lt, 3)}${unit}${of}; grey under ${IDLE * 100}% of that.`);
    if (map.points.length) {
      let p = `Circles: area by value, largest ${fmtNum(pt, 3)}${unit}${of}`;
      if (map.partLabel) p += `; dark inner circle: ${map.partLabel}, same scale`;
      parts.push(p + ".");
    }
  } else {
    parts.push(`Difference ${viewName(map.views[v])} minus ${viewName(map.views[ref])}: red more, blue less.`);
    if (valuedAreas(map)) parts.push(`Darkest area ±${fmtNum(at, 3)}${unit}.`);
    if (map.lines.length) parts.push(`Widest line ±${fmtNum(lt, 3)}${unit}.`);
    if (map.points.length) parts.push(`Largest circle ±${fmtNum(pt, 3)}${unit}.`);
  }
  return parts.join(" ");
}
