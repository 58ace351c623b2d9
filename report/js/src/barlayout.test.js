// Run with: node --test src/   (from report/js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtBar, labelWidth, plotHeight, rowLabel, slot, valueRange, ROW_PX } from "./barlayout.js";

// A chart as report/bars.go writes it: Sobol' indices of three parameters.
const bars = {
  labels: ["health.naloxone_effect", "policy.strike_effect", "orgs.recruitment"],
  flags: [false, true, false],
  series: [
    { label: "total ST", values: [0.62, 0.3, 0.05], lo: [0.5, 0.2, 0.01], hi: [0.75, 0.41, 0.09] },
    { label: "first-order S", values: [0.48, 0.21, -0.02], lo: [0.3, 0.1, null], hi: [0.6, 0.33, null] },
  ],
};

test("valueRange spans zero, values and bounds with 5% room", () => {
  const [lo, hi] = valueRange(bars);
  // From −0.02 to 0.75: span 0.77, 5% is 0.0385 on each side.
  assert.ok(Math.abs(lo - (-0.02 - 0.0385)) < 1e-12, `lo ${lo}`);
  assert.ok(Math.abs(hi - (0.75 + 0.0385)) < 1e-12, `hi ${hi}`);
  // All positive: the axis starts at zero exactly.
  assert.equal(valueRange({ series: [{ values: [2, 4] }] })[0], 0);
  // Nothing but zeros and gaps still gives a usable axis.
  assert.deepEqual(valueRange({ series: [{ values: [0, null] }] }), [0, 1.05]);
});

test("rowLabel marks flagged rows", () => {
  assert.equal(rowLabel(bars, 0), "health.naloxone_effect");
  assert.equal(rowLabel(bars, 1), "\u25B2 policy.strike_effect");
});

test("fmtBar shows the value and its interval", () => {
  assert.equal(fmtBar(bars.series[0], 0), "0.62 [0.5, 0.75]");
  assert.equal(fmtBar(bars.series[1], 2), "-0.02", "no interval where the bounds are gaps");
  assert.equal(fmtBar({ values: [null] }, 0), "–");
  assert.equal(fmtBar({ values: [1234] }, 0), "1.23k");
});

test("slot: bars fill 80% of a row, first on top, centred", () => {
  assert.deepEqual(slot(0, 1), { offset: 0, thickness: 0.8 * 0.9 });
  const a = slot(0, 2);
  const b = slot(1, 2);
  assert.ok(Math.abs(a.offset + 0.2) < 1e-12 && Math.abs(b.offset - 0.2) < 1e-12, `${a.offset} ${b.offset}`);
  assert.ok(a.thickness < 0.4, "bars of a row do not overlap");
});

test("plotHeight and labelWidth", () => {
  assert.equal(plotHeight(3) - plotHeight(2), ROW_PX);
  assert.equal(plotHeight(0), plotHeight(1));
  // "▲ policy.strike_effect" is 22 characters: 7·22 + 16.
  assert.equal(labelWidth(bars), 7 * 22 + 16);
  assert.equal(labelWidth({ labels: ["a"], flags: [false] }), 120);
  assert.equal(labelWidth({ labels: ["x".repeat(200)], flags: [false] }), 340);
});
