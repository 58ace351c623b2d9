// Layout and text of the report's bar charts, kept apart from uPlot so that
// `node --test src/` can check them without a browser.
//
// A bar chart (report/bars.go, barsData) has rows (labels, flags) and series,
// each with one value per row and optional lo/hi bounds; null is a gap.
import { fmtNum } from "./format.js";

export const ROW_PX = 34; // height of a row
export const FLAG = "\u25B2 "; // ▲ before a flagged row's label

// valueRange is the value axis' [min, max]: it spans zero, every value and
// every bound, with 5% room at the far end, so that bars start at zero and
// whiskers are never cut.
export function valueRange(bars) {
  let lo = 0;
  let hi = 0;
  for (const s of bars.series) {
    for (const arr of [s.values, s.lo, s.hi]) {
      if (!arr) continue;
      for (const x of arr) {
        if (x == null || !isFinite(x)) continue;
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
  }
  if (hi === lo) hi = lo + 1;
  const pad = 0.05 * (hi - lo);
  return [lo < 0 ? lo - pad : lo, hi > 0 ? hi + pad : hi];
}

// rowLabel is a row's axis label, marked when flagged.
export function rowLabel(bars, i) {
  return (bars.flags[i] ? FLAG : "") + bars.labels[i];
}

// fmtBar is a bar's value for the legend: "0.412 [0.35, 0.47]".
export function fmtBar(s, i) {
  const v = s.values[i];
  if (v == null) return "–";
  let out = fmtNum(v, 3);
  if (s.lo && s.hi && s.lo[i] != null && s.hi[i] != null) out += ` [${fmtNum(s.lo[i], 2)}, ${fmtNum(s.hi[i], 2)}]`;
  return out;
}

// slot is where bar s of ns sits in its row: the offset of its centre from
// the row's centre and its thickness, as fractions of the row's height. The
// bars of a row fill 80% of it, first series on top.
export function slot(s, ns) {
  const t = 0.8 / ns;
  return { offset: (s - (ns - 1) / 2) * t, thickness: t * 0.9 };
}

// plotHeight is the chart's height in px for n rows, axis included.
export function plotHeight(n) {
  return 70 + ROW_PX * Math.max(1, n);
}

// labelWidth is the px the row labels need at about 7 px per character,
// within 120–340 px.
export function labelWidth(bars) {
  let n = 0;
  for (let i = 0; i < bars.labels.length; i++) n = Math.max(n, rowLabel(bars, i).length);
  return Math.min(340, Math.max(120, 7 * n + 16));
}
