// Draws the maps of a cartelsim report.html with Leaflet: areas (states),
// lines (corridors) and circles (ports) from the page's report-data JSON,
// over no tile layer, so nothing is fetched and the page works offline.
//
// Data shape (see report/map.go, mapData, which is the authority):
//
//	{"id", "title", "unit", "views": [{"label", "group"?}], "default",
//	 "partLabel"?, "areas": [{"name", "rings": [[[lat, lon]...]...]}],
//	 "lines": [{"label", "info"?, "parts": [[[lat, lon]...]...], "values": [...]}],
//	 "points": [{"label", "info"?, "latlng": [lat, lon], "values": [...], "parts"?: [...]}]}
//
// Every area, line and circle is an SVG <path> in its own pane with class
// map-area, map-line, map-point or map-part, which the browser test counts.
import L from "leaflet";
import {
  areaFill,
  escapeHTML,
  groups,
  legendText,
  lineStyle,
  radius,
  scaleTop,
  tooltip,
  valuedAreas,
  value,
  AREA_PLAIN,
  MORE,
  LESS,
} from "./mapstyle.js";

const POINT = "#1f5fa8"; // a port's crossings
const PART = "#0b2545"; // the part seized, inside it

function select(label, options, selected, onChange) {
  const lab = document.createElement("label");
  lab.append(label + " ");
  const sel = document.createElement("select");
  for (const o of options) {
    if (o.items) {
      const parent = o.group ? document.createElement("optgroup") : sel;
      if (o.group) {
        parent.label = o.group;
        sel.appendChild(parent);
      }
      for (const it of o.items) parent.appendChild(new Option(it.label, String(it.index)));
    } else {
      sel.appendChild(new Option(o.label, o.value));
    }
  }
  sel.value = selected;
  sel.addEventListener("change", () => onChange(sel.value));
  lab.appendChild(sel);
  return lab;
}

// drawMap draws map m into its figure and returns the Leaflet map, or null
// when the page has no figure for it.
export function drawMap(m) {
  const fig = document.getElementById(m.id);
  const host = fig && fig.querySelector(".leaflet-host");
  if (!host) return null;

  // shared: one scale for every view, so that a view's widths compare
  // with another's; otherwise each view fills the scale, and the legend
  // says what the widest line carries.
  const state = { v: m.default || 0, ref: null, shared: false };
  const lmap = L.map(host, {
    zoomSnap: 0.25,
    // A page scrolls with the wheel; zoom with the buttons, a pinch or
    // double click instead of catching the reader's scrolling.
    scrollWheelZoom: false,
    attributionControl: true,
  });
  // Credit Leaflet without a link: the page links nowhere outside itself.
  lmap.attributionControl.setPrefix("Leaflet");
  const pane = (name, z) => {
    lmap.createPane(name).style.zIndex = String(z);
    return L.svg({ pane: name, padding: 0.5 });
  };
  const areaR = pane("areas", 410);
  const lineR = pane("lines", 420);
  const pointR = pane("points", 430);

  const bounds = L.latLngBounds([]);
  const valued = valuedAreas(m);
  const areas = m.areas.map((a) => {
    const layer = L.polygon(a.rings, {
      renderer: areaR,
      className: "map-area",
      color: "#a8a394",
      weight: 0.7,
      fillColor: AREA_PLAIN,
      fillOpacity: 1,
    }).addTo(lmap);
    const el = { label: a.name, info: a.info, values: a.values };
    layer.bindTooltip(valued ? () => tooltip(m, el, state.v, state.ref) : escapeHTML(a.name), {
      sticky: true,
      className: "map-tip",
    });
    bounds.extend(layer.getBounds());
    return layer;
  });

  const lines = m.lines.map((l) => {
    const layer = L.polyline(l.parts, { renderer: lineR, className: "map-line", lineCap: "round", lineJoin: "round" }).addTo(lmap);
    layer.bindTooltip(() => tooltip(m, l, state.v, state.ref), { sticky: true, className: "map-tip" });
    bounds.extend(layer.getBounds());
    return layer;
  });

  const points = m.points.map((p) => {
    const outer = L.circleMarker(p.latlng, {
      renderer: pointR,
      className: "map-point",
      color: "#fff",
      weight: 1,
      fillColor: POINT,
      fillOpacity: 0.55,
    }).addTo(lmap);
    let inner = null;
    if (m.partLabel && p.parts) {
      inner = L.circleMarker(p.latlng, {
        renderer: pointR,
        className: "map-part",
        stroke: false,
        fillColor: PART,
        fillOpacity: 0.85,
        // The tooltip belongs to the outer circle; the inner one lets
        // the pointer through to it.
        interactive: false,
      }).addTo(lmap);
    }
    outer.bindTooltip(() => tooltip(m, p, state.v, state.ref), { className: "map-tip" });
    bounds.extend(p.latlng);
    return { outer, inner, p };
  });

  const legend = document.createElement("p");
  legend.className = "map-legend";

  const restyle = () => {
    const diff = state.ref != null;
    const only = state.shared ? null : state.v;
    if (valued) {
      const at = scaleTop(m, "areas", state.ref, only);
      m.areas.forEach((a, i) => areas[i].setStyle({ fillColor: areaFill(value(a.values, state.v, state.ref), at, diff) }));
    }
    const lt = scaleTop(m, "lines", state.ref, only);
    m.lines.forEach((l, i) => {
      const st = lineStyle(value(l.values, state.v, state.ref), lt, diff);
      lines[i].setStyle({ color: st.color, weight: st.weight, opacity: st.opacity });
      // Busy lines above idle ones, so a thin grey line never hides a route.
      if (!st.idle) lines[i].bringToFront();
    });
    const pt = scaleTop(m, "points", state.ref, only);
    for (const { outer, inner, p } of points) {
      const x = value(p.values, state.v, state.ref);
      outer.setRadius(radius(x, pt));
      outer.setStyle({ fillColor: diff ? (x > 0 ? MORE : LESS) : POINT });
      if (inner) inner.setRadius(diff ? 0 : radius(p.parts[state.v], pt));
    }
    legend.textContent = legendText(m, state.v, state.ref, state.shared);
    fig.dataset.view = String(state.v);
  };

  if (m.views.length > 1) {
    const controls = document.createElement("div");
    controls.className = "map-controls";
    const opts = groups(m.views);
    controls.appendChild(
      select("Show", opts, String(state.v), (val) => {
        state.v = Number(val);
        restyle();
      }),
    );
    controls.appendChild(
      select("minus", [{ label: "(nothing)", value: "" }, ...opts], "", (val) => {
        state.ref = val === "" ? null : Number(val);
        restyle();
      }),
    );
    const lab = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", () => {
      state.shared = box.checked;
      restyle();
    });
    lab.append(box, " same scale for every view");
    controls.appendChild(lab);
    host.before(controls);
  }
  host.after(legend);

  lmap.fitBounds(bounds, { padding: [8, 8] });
  restyle();
  return lmap;
}
