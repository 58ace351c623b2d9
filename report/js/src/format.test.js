// Run with: node --test src/   (from report/js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtNum, fmtTicks } from "./format.js";

test("fmtNum", () => {
  const cases = [
    [108234, 3, "108k"],
    [108234, 4, "108.2k"],
    [1500, 3, "1.5k"],
    [999960, 3, "1M"],
    [1234567, 3, "1.23M"],
    [2.5e9, 3, "2.5B"],
    [0.35, 3, "0.35"],
    [12.5, 3, "12.5"],
    [-42000, 3, "-42k"],
    [0, 3, "0"],
    [null, 3, ""],
    [NaN, 3, ""],
  ];
  for (const [v, sig, want] of cases) assert.equal(fmtNum(v, sig), want, `fmtNum(${v}, ${sig})`);
});

test("fmtTicks", () => {
  assert.deepEqual(fmtTicks([0, 20000, 40000, 60000], 20000), ["0", "20k", "40k", "60k"]);
  assert.deepEqual(fmtTicks([1e6, 1.05e6, 1.1e6], 5e4), ["1M", "1.05M", "1.1M"]);
  assert.deepEqual(fmtTicks([0, 0.25, 0.5], 0.25), ["0", "0.25", "0.5"]);
  assert.deepEqual(fmtTicks([-10, 0, 10], 10), ["-10", "0", "10"]);
});
