// Draws the charts of a cartelsim report.html.
//
// The Go package report writes every chart's data as one JSON document into
// <script type="application/json" id="report-data"> and an empty
// <div class="plot"> inside each chart's <figure>. This script, bundled with
// uPlot by build.sh and inlined into the page, turns that data into uPlot
// charts. It must work from file:// with no network, so it loads nothing.
//
// Data shape (see report/data.go, which is the authority):
//
//	{"charts": [{"id", "title", "unit", "annual", "start": "YYYY-MM",
//	             "step": months between points, "n": points,
//	             "series": [{"label", "observed", "values": [number|null],
//	                         "lo"?: [...], "hi"?: [...]}]}],
//	 "bars": [see bars.js], "maps": [drawn by mapmain.js, a bundle of its own]}
import uPlot from "uplot";
import { fmtNum, fmtTicks } from "./format.js";
import { drawBarChart } from "./bars.js";

// Okabe & Ito (2008) "Color Universal Design": distinguishable under the
// common colour-vision deficiencies. Yellow (#F0E442) is left out because it
// vanishes on white; black is kept for neutral observed data instead.
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
// Past six simulated lines, colours repeat with a different dash so that
// no two lines look alike.
const DASHES = [[], [8, 4], [2, 3]];
// Observed series are data, not model output: neutral greys, points.
const OBSERVED = ["#1a1a1a", "#7a7a7a"];
const HEIGHT = 300;

// legendValue shows a gap as a dash, so that an empty legend entry is not
// mistaken for a missing label.
const legendValue = (u, v) => (v == null ? "–" : fmtNum(v, 4));

function parseMonth(s) {
  const [y, m] = s.split("-").map(Number);
  return [y, m - 1];
}

// xs is the time of each point in Unix seconds (uPlot's time unit), always
// at 00:00 UTC on the 1st of the month.
function xs(c, pad) {
  const [y, m] = parseMonth(c.start);
  const out = new Array(c.n + pad);
  for (let i = 0; i < out.length; i++) out[i] = Date.UTC(y, m + i * c.step, 1) / 1000;
  return out;
}

function hexToRGBA(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

// Month labels are computed in UTC: in local time 2015-01-01T00:00Z is still
// December 2014 for every reader west of Greenwich.
const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC");
const fmtMonth = uPlot.fmtDate("{YYYY}-{MM}");
const fmtYear = uPlot.fmtDate("{YYYY}");

// withPad returns vals with pad copies of its last value appended, so that an
// annual step reaches the end of its year. Observed points get nulls instead.
function withPad(vals, pad, dup) {
  if (!pad) return vals;
  const last = vals.length ? vals[vals.length - 1] : null;
  return vals.concat(new Array(pad).fill(dup ? last : null));
}

function buildOpts(c, width) {
  // An annual chart gets one extra January on the x axis so the last
  // year's step has a width like the others.
  const pad = c.annual ? 1 : 0;
  const data = [xs(c, pad)];
  const series = [
    {
      label: c.annual ? "Year" : "Month",
      value: (u, v) => (v == null ? "" : (c.annual ? fmtYear : fmtMonth)(utc(v))),
    },
  ];
  const bands = [];
  const swatch = [null]; // legend colour of each series, by index
  const stepped = uPlot.paths.stepped({ align: 1 });
  let sim = 0;
  let obs = 0;
  for (const s of c.series) {
    let stroke;
    let dash;
    if (s.observed) {
      stroke = OBSERVED[obs % OBSERVED.length];
      obs++;
    } else {
      stroke = PALETTE[sim % PALETTE.length];
      dash = DASHES[Math.floor(sim / PALETTE.length) % DASHES.length];
      sim++;
    }
    const idx = series.length;
    swatch.push(stroke);
    data.push(withPad(s.values, pad, !s.observed));
    if (s.observed) {
      series.push({
        label: s.label,
        class: "observed",
        stroke,
        width: 1,
        // Points only: a line through measured values would suggest the
        // months between them were measured too.
        paths: () => null,
        points: { show: true, size: c.annual ? 7 : 4, width: 1, fill: stroke, stroke },
        value: legendValue,
      });
    } else {
      series.push({
        label: s.label,
        stroke,
        width: 2,
        dash,
        paths: c.annual ? stepped : undefined,
        points: { show: false },
        value: legendValue,
      });
    }
    if (s.lo && s.hi) {
      // Band edges are series of their own (uPlot fills between two
      // series); the class hides them from the legend and cursor.
      const edge = {
        class: "band-edge",
        stroke: "transparent",
        width: 0,
        paths: c.annual ? stepped : undefined,
        points: { show: false },
        value: legendValue,
      };
      swatch.push(null, null);
      data.push(withPad(s.hi, pad, true));
      series.push({ ...edge, label: s.label + " (upper)" });
      data.push(withPad(s.lo, pad, true));
      series.push({ ...edge, label: s.label + " (lower)" });
      bands.push({ series: [idx + 1, idx + 2], fill: hexToRGBA(stroke, 0.16) });
    }
  }

  const n = c.n;
  const xt = xTicks(c);
  return {
    opts: {
      width,
      height: HEIGHT,
      tzDate: utc,
      series,
      bands,
      scales: {
        x: { time: true },
        y: {
          // Counts start at zero so a change is not exaggerated by the
          // axis; series that go negative get an automatic range.
          range: (u, min, max) => {
            if (min == null || max == null) return [0, 1];
            const r = uPlot.rangeNum(min, max, 0.1, true);
            if (min >= 0) r[0] = 0;
            return r;
          },
        },
      },
      axes: [
        {
          space: xt.space,
          incrs: xt.incrs,
          values: (u, splits) => splits.map((v) => (v == null ? null : xt.fmt(v))),
        },
        {
          label: c.unit || undefined,
          labelSize: 20,
          size: 60,
          values: (u, splits, ai, space, incr) => fmtTicks(splits, incr),
        },
      ],
      cursor: {
        // Keep the hover on real points: the annual padding point has
        // no year of its own.
        dataIdx: (u, si, closest) => (closest != null && closest >= n ? n - 1 : closest),
        sync: { key: c.annual ? "annual" : "monthly" },
        points: { size: 7 },
      },
      legend: {
        live: true,
        // Solid swatches in the line's colour read better than uPlot's
        // default outlined boxes.
        markers: { width: 0, fill: (u, si) => swatch[si] || "transparent" },
      },
      hooks: {
        // Values in the legend only while the cursor is on the chart;
        // idle, the legend is a plain key.
        setLegend: [(u) => u.root.classList.toggle("idle", u.legend.idx == null)],
      },
    },
    data,
  };
}

// uPlot's own units for calendar steps: a step of at least YEAR (or MONTH)
// seconds is laid out on real year (month) boundaries.
const DAY = 86400;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

// xTicks picks month labels when the axis spans only a few years; otherwise
// years read better. The steps are whole months or years so that no two
// ticks get the same label.
function xTicks(c) {
  if (!c.annual && c.n * c.step <= 36) {
    return { fmt: (v) => fmtMonth(utc(v)), incrs: [MONTH, 2 * MONTH, 3 * MONTH, 6 * MONTH, YEAR], space: 70 };
  }
  return { fmt: (v) => fmtYear(utc(v)), incrs: [YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR, 25 * YEAR, 50 * YEAR], space: 45 };
}

function plotWidth(el) {
  // clientWidth is 0 while the page is hidden or not laid out yet; draw at
  // a sensible width rather than not at all.
  return Math.max(320, Math.floor(el.clientWidth || 800));
}

function message(el, text) {
  const p = document.createElement("p");
  p.className = "chart-msg";
  p.textContent = text;
  el.appendChild(p);
}

function draw(c) {
  const fig = document.getElementById(c.id);
  if (!fig) return null;
  const el = fig.querySelector(".plot");
  if (!el) return null;
  if (!c.series.length || !c.n) {
    message(el, "No data for this chart.");
    return null;
  }
  const { opts, data } = buildOpts(c, plotWidth(el));
  return { u: new uPlot(opts, data, el), el };
}

function main() {
  const node = document.getElementById("report-data");
  if (!node) return;
  let doc;
  try {
    doc = JSON.parse(node.textContent);
  } catch (e) {
    console.error("report: bad chart data", e);
    return;
  }
  const plots = [];
  for (const c of doc.charts || []) {
    try {
      const p = draw(c);
      if (p) plots.push(p);
    } catch (e) {
      // One broken chart must not take the others down with it.
      console.error("report: chart " + c.id, e);
      const fig = document.getElementById(c.id);
      const el = fig && fig.querySelector(".plot");
      if (el) message(el, "This chart could not be drawn: " + e.message);
    }
  }
  for (const b of doc.bars || []) {
    try {
      const p = drawBarChart(b, plotWidth);
      if (p) plots.push(p);
    } catch (e) {
      console.error("report: bar chart " + b.id, e);
      const fig = document.getElementById(b.id);
      const el = fig && fig.querySelector(".plot");
      if (el) message(el, "This chart could not be drawn: " + e.message);
    }
  }
  const fit = () => {
    for (const { u, el, height } of plots) {
      const w = plotWidth(el);
      if (w !== u.width) u.setSize({ width: w, height: height || HEIGHT });
    }
  };
  if (typeof ResizeObserver === "function") {
    const ro = new ResizeObserver(fit);
    for (const { el } of plots) ro.observe(el);
  } else {
    window.addEventListener("resize", fit);
  }
  // Paper is narrower than most screens: refit before printing.
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", fit);
  document.documentElement.classList.add("js");
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", main);
} else {
  main();
}
