// Entry point of the map bundle (assets/map.js, with Leaflet), which the Go
// package inlines only into pages that have maps, before the chart bundle:
// it draws every map of the page's report-data JSON (see map.js).
import { drawMap } from "./map.js";

function message(el, text) {
  const p = document.createElement("p");
  p.className = "chart-msg";
  p.textContent = text;
  el.appendChild(p);
}

function main() {
  const node = document.getElementById("report-data");
  if (!node) return;
  let doc;
  try {
    doc = JSON.parse(node.textContent);
  } catch (e) {
    console.error("report: bad map data", e);
    return;
  }
  for (const m of doc.maps || []) {
    try {
      drawMap(m);
    } catch (e) {
      // One broken map must not take the rest of the page with it.
      console.error("report: map " + m.id, e);
      const fig = document.getElementById(m.id);
      const el = fig && fig.querySelector(".leaflet-host");
      if (el) message(el, "This map could not be drawn: " + e.message);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", main);
} else {
  main();
}
