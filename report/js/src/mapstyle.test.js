// Run with: node --test src/   (from report/js)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  areaFill,
  escapeHTML,
  groups,
  legendText,
  lineStyle,
  radius,
  ramp,
  scaleTop,
  tooltip,
  valuedAreas,
  value,
  IDLE_COLOR,
  LESS,
  MAX_RADIUS,
  MORE,
} from "./mapstyle.js";

// A map as report/map.go writes it: two views, one corridor, one port.
const map = {
  unit: "kg per month",
  partLabel: "seized",
  views: [
    { label: "2024", group: "Baseline, by year" },
    { label: "naloxone", group: "Scenarios, mean of 2026-2030" },
  ],
  lines: [
    { label: "mex-15:culiacan-nogales", info: "MEX-15, 1024 km", values: [400, 100] },
    { label: "mex-45:a<b", values: [2, 0] },
  ],
  points: [{ label: "Nogales port of entry", info: "Tucson field office, Tucson sector", values: [1200, 900], parts: [300, 90] }],
};

test("value and difference", () => {
  assert.equal(value([5, 7], 1, null), 7);
  assert.equal(value([5, 7], 0, 1), -2);
});

test("scaleTop spans every view, in absolute value for differences", () => {
  assert.equal(scaleTop(map, "lines", null), 400);
  assert.equal(scaleTop(map, "lines", null, 1), 100, "one view only");
  assert.equal(scaleTop(map, "lines", 1, 1), 0, "a view minus itself");
  assert.equal(scaleTop(map, "points", null), 1200);
  // View 0 minus view 1 is +300 and +2; view 1 minus view 1 is 0.
  assert.equal(scaleTop(map, "lines", 1), 300);
  // Minus view 0: view 1 gives −300, the largest in absolute value.
  assert.equal(scaleTop(map, "lines", 0), 300);
});

test("lineStyle: width by share of the top, idle under 1%", () => {
  const busy = lineStyle(400, 400, false);
  assert.equal(busy.weight, 9);
  assert.equal(busy.color, "#7f0000");
  assert.equal(busy.idle, false);
  assert.equal(lineStyle(200, 400, false).weight, 5);
  const idle = lineStyle(3, 400, false);
  assert.equal(idle.idle, true);
  assert.equal(idle.color, IDLE_COLOR);
  assert.equal(lineStyle(0, 0, false).idle, true, "a map with no flow draws every line idle");
  assert.equal(lineStyle(-300, 300, true).color, LESS);
  assert.equal(lineStyle(300, 300, true).color, MORE);
  assert.equal(lineStyle(-300, 300, true).weight, 9, "a difference's width is by its absolute value");
});

test("ramp covers 0 to 1 and clamps", () => {
  assert.equal(ramp(0), "#fdbb84");
  assert.equal(ramp(0.999), "#7f0000");
  assert.equal(ramp(1), "#7f0000");
  assert.equal(ramp(-1), "#fdbb84");
  assert.equal(ramp(2), "#7f0000");
});

test("radius: area proportional to value", () => {
  assert.equal(radius(1200, 1200), MAX_RADIUS);
  assert.ok(Math.abs(radius(300, 1200) - MAX_RADIUS / 2) < 1e-12, "a quarter of the value is half the radius");
  assert.equal(radius(0, 1200), 0);
  assert.equal(radius(1e-6, 1200), 2, "a tiny value stays visible");
  assert.equal(radius(5, 0), 0);
  assert.equal(radius(-300, 1200), MAX_RADIUS / 2, "differences are sized by absolute value");
});

test("tooltip of one view", () => {
  assert.equal(tooltip(map, map.lines[0], 0, null), "<strong>mex-15:culiacan-nogales</strong><br>MEX-15, 1024 km<br>400 kg per month");
  assert.equal(
    tooltip(map, map.points[0], 0, null),
    "<strong>Nogales port of entry</strong><br>Tucson field office, Tucson sector<br>1.2k kg per month (seized 300, 25%)",
  );
});

test("tooltip of a difference", () => {
  assert.equal(
    tooltip(map, map.lines[0], 1, 0),
    "<strong>mex-15:culiacan-nogales</strong><br>MEX-15, 1024 km<br>naloxone: 100 kg per month<br>2024: 400 kg per month<br>difference: -300 kg per month",
  );
});

test("tooltip escapes labels", () => {
  assert.match(tooltip(map, map.lines[1], 0, null), /mex-45:a&lt;b/);
  assert.equal(escapeHTML(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("groups keeps the order of first appearance", () => {
  const views = [{ label: "2015", group: "A" }, { label: "b" }, { label: "2016", group: "A" }];
  assert.deepEqual(groups(views), [
    { group: "A", items: [{ index: 0, label: "2015" }, { index: 2, label: "2016" }] },
    { group: "", items: [{ index: 1, label: "b" }] },
  ]);
});

test("legendText", () => {
  assert.equal(
    legendText(map, 1, null, false),
    "Lines: width and colour by value, widest 100 kg per month; grey under 1% of that. Circles: area by value, largest 900 kg per month; dark inner circle: seized, same scale.",
  );
  assert.equal(
    legendText(map, 1, null, true),
    "Lines: width and colour by value, widest 400 kg per month of any view; grey under 1% of that. Circles: area by value, largest 1.2k kg per month of any view; dark inner circle: seized, same scale.",
  );
  assert.match(legendText(map, 1, 0), /^Difference Scenarios, mean of 2026-2030: naloxone minus Baseline, by year: 2024: red more, blue less\./);
});

// A choropleth as report/map.go writes it: areas with values, no lines.
const choro = {
  unit: "homicides per 100,000 a year",
  views: [
    { label: "2020", group: "Observed (INEGI), by year" },
    { label: "2020", group: "Baseline, by year" },
  ],
  areas: [
    { name: "Guanajuato", values: [80, 40] },
    { name: "Yucatán", values: [2, 3] },
  ],
  lines: [],
  points: [],
};

test("areas with values are a choropleth; plain outlines are not", () => {
  assert.equal(valuedAreas(choro), true);
  assert.equal(valuedAreas(map), false, "the routes map has no areas");
  assert.equal(valuedAreas({ ...map, areas: [{ name: "Sonora" }] }), false);
  assert.equal(scaleTop(choro, "areas", null), 80);
  assert.equal(scaleTop(choro, "areas", 0, 1), 40, "observed minus simulated");
});

test("areaFill: darker the more, blue to red for differences", () => {
  const light = areaFill(0, 80, false);
  const dark = areaFill(80, 80, false);
  assert.notEqual(light, dark);
  assert.equal(areaFill(79, 80, false), dark, "the top step holds the largest values");
  assert.equal(areaFill(1, 0, false), light, "no scale: the lightest");
  const white = areaFill(0, 40, true);
  assert.equal(areaFill(40, 40, true), MORE, "the largest rise is red");
  assert.equal(areaFill(-40, 40, true), LESS, "the largest fall is blue");
  assert.equal(areaFill(1, 40, true), white, "about the same is white");
  assert.notEqual(areaFill(20, 40, true), white);
});

test("legend and tooltip of a choropleth", () => {
  assert.match(legendText(choro, 0, null, false), /Areas: the darker the more, darkest 80 homicides per 100,000 a year/);
  assert.match(legendText(choro, 1, 0, false), /minus Observed \(INEGI\), by year: 2020.*Darkest area ±40/);
  const tip = tooltip(choro, { label: "Guanajuato", values: [80, 40] }, 1, 0);
  assert.match(tip, /<strong>Guanajuato<\/strong>/);
  assert.match(tip, /Baseline, by year: 2020: 40.*Observed \(INEGI\), by year: 2020: 80/, "equal labels are told apart by group");
  assert.match(tip, /difference: −?-?40/);
});
