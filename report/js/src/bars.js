// Draws the report's horizontal bar charts (report/bars.go) with uPlot: uPlot
// gives the scales, axes, grid, cursor and legend; the bars and their
// interval whiskers are drawn in a draw hook, rows top to bottom.
//
// Data shape (see report/bars.go, barsData, which is the authority):
//
//	{"id", "title", "unit", "flagLabel"?, "labels": [...], "flags": [...],
//	 "series": [{"label", "values": [number|null], "lo"?: [...], "hi"?: [...]}]}
import uPlot from "uplot";
import { fmtTicks } from "./format.js";
import { fmtBar, labelWidth, plotHeight, rowLabel, slot, valueRange, FLAG } from "./barlayout.js";

// Okabe & Ito, as the line charts: the first two series of a chart are
// told apart by hue, and the intervals drawn in ink.
const COLORS = ["#0072B2", "#56B4E9", "#009E73", "#CC79A7"];
const INK = "#1b1b1b";

function drawBars(u, bars) {
  const ctx = u.ctx;
  const n = bars.labels.length;
  const ns = bars.series.length;
  const row = Math.abs(u.valToPos(1, "x", true) - u.valToPos(0, "x", true));
  const x0 = u.valToPos(0, "y", true);
  const px = devicePixelRatio || 1;
  ctx.save();
  for (let s = 0; s < ns; s++) {
    const ser = bars.series[s];
    const { offset, thickness } = slot(s, ns);
    const h = thickness * row;
    for (let i = 0; i < n; i++) {
      const v = ser.values[i];
      if (v == null) continue;
      const yc = u.valToPos(i, "x", true) + offset * row;
      const x1 = u.valToPos(v, "y", true);
      ctx.fillStyle = COLORS[s % COLORS.length];
      ctx.fillRect(Math.min(x0, x1), yc - h / 2, Math.max(px, Math.abs(x1 - x0)), h);
      if (ser.lo && ser.hi && ser.lo[i] != null && ser.hi[i] != null) {
        const a = u.valToPos(ser.lo[i], "y", true);
        const b = u.valToPos(ser.hi[i], "y", true);
        const cap = Math.min(h / 2, 4 * px);
        ctx.strokeStyle = INK;
        ctx.lineWidth = 1.25 * px;
        ctx.beginPath();
        ctx.moveTo(a, yc);
        ctx.lineTo(b, yc);
        ctx.moveTo(a, yc - cap);
        ctx.lineTo(a, yc + cap);
        ctx.moveTo(b, yc - cap);
        ctx.lineTo(b, yc + cap);
        ctx.stroke();
      }
    }
  }
  ctx.restore();
}

function buildOpts(bars, width) {
  const n = bars.labels.length;
  const xs = bars.labels.map((_, i) => i);
  const series = [{ label: "Parameter", value: (u, v) => (v == null ? "" : rowLabel(bars, v)) }];
  const data = [xs];
  bars.series.forEach((s, k) => {
    series.push({
      label: s.label,
      stroke: COLORS[k % COLORS.length],
      fill: COLORS[k % COLORS.length],
      width: 0,
      paths: () => null,
      points: { show: false },
      value: (u, v, si, idx) => (idx == null ? "–" : fmtBar(s, idx)),
    });
    data.push(s.values);
  });
  const range = valueRange(bars);
  return {
    opts: {
      width,
      height: plotHeight(n),
      series,
      scales: {
        // Rows on a vertical axis, first row at the top.
        x: { time: false, ori: 1, dir: -1, range: () => [-0.5, n - 0.5] },
        y: { ori: 0, dir: 1, range: () => range },
      },
      axes: [
        {
          scale: "x",
          side: 3,
          size: labelWidth(bars),
          splits: () => xs,
          values: (u, splits) => splits.map((i) => (Number.isInteger(i) && i >= 0 && i < n ? rowLabel(bars, i) : "")),
          grid: { show: false },
          ticks: { show: false },
        },
        {
          scale: "y",
          side: 2,
          label: bars.unit || undefined,
          labelSize: 20,
          values: (u, splits, ai, space, incr) => fmtTicks(splits, incr),
        },
      ],
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      legend: { live: true, markers: { width: 0 } },
      hooks: {
        draw: [(u) => drawBars(u, bars)],
        setLegend: [(u) => u.root.classList.toggle("idle", u.legend.idx == null)],
      },
    },
    data,
  };
}

// drawBarChart draws bars into its figure's .plot and returns the uPlot
// instance and its element, or null when the page has no figure for it.
export function drawBarChart(bars, width) {
  const fig = document.getElementById(bars.id);
  const el = fig && fig.querySelector(".plot");
  if (!el) return null;
  const { opts, data } = buildOpts(bars, width(el));
  const u = new uPlot(opts, data, el);
  if (bars.flagLabel && bars.flags.some(Boolean)) {
    const p = document.createElement("p");
    p.className = "bars-flag";
    p.textContent = FLAG + bars.flagLabel;
    el.appendChild(p);
  }
  return { u, el, height: opts.height };
}
