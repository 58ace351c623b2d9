// Number formatting for axes and legends, kept apart from the drawing code
// so that `node --test src/` can check it without a browser.

// A bigger number reads better scaled to a suffix: 108,000 → "108k".
const SUFFIXES = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"],
];

function scaleOf(absMax) {
  for (const [div, suf] of SUFFIXES) {
    if (absMax >= div) return [div, suf];
  }
  return [1, ""];
}

// trimZeros drops the zeros a fixed-decimals format leaves: "1.50" → "1.5".
function trimZeros(s) {
  return s.indexOf(".") < 0 ? s : s.replace(/\.?0+$/, "");
}

// fmtNum writes v with about sig significant digits and a k/M/B/T suffix,
// and an empty string for a gap (null, NaN).
export function fmtNum(v, sig = 3) {
  if (v == null || !isFinite(v)) return "";
  if (v === 0) return "0";
  const [div, suf] = scaleOf(Math.abs(v));
  let x = v / div;
  let dec = Math.min(6, Math.max(0, sig - (Math.floor(Math.log10(Math.abs(x))) + 1)));
  let s = x.toFixed(dec);
  // Rounding can carry into the next power: 999,960 → "1000k" → "1M".
  if (div < 1e12 && Math.abs(Number(s)) >= 1000) return fmtNum(Math.sign(v) * 1000 * div, sig);
  s = trimZeros(s);
  return (s === "-0" ? "0" : s) + suf;
}

// fmtTicks writes axis tick values with one shared suffix and just enough
// decimals to tell neighbouring ticks apart (so 1.05M and 1.1M, not 1M, 1M).
export function fmtTicks(splits, incr) {
  let absMax = 0;
  for (const v of splits) if (v != null) absMax = Math.max(absMax, Math.abs(v));
  const [div, suf] = scaleOf(absMax);
  const step = incr / div;
  // As many decimals as the step itself has: 0.25 needs two, 5 none.
  let dec = 0;
  while (dec < 6 && step > 0 && Math.abs(step * 10 ** dec - Math.round(step * 10 ** dec)) > 1e-6) dec++;
  return splits.map((v) => {
    if (v == null) return null;
    const s = trimZeros((v / div).toFixed(dec));
    return s === "0" || s === "-0" ? "0" : s + suf;
  });
}
