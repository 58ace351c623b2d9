package report

import (
	"bytes"
	"context"
	"fmt"
	mexnet "github.com/cartelsim/cartelsim/data/network"
	"image"
	"image/png"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// needChromium skips a browser test when Chromium is missing, except in CI,
// which must install it (see .ci/run).
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: CI must install chromium", chromiumPath)
		}
		t.Skipf("%s not installed", chromiumPath)
	}
}

// browserPage is one report page open in headless Chromium through the
// DevTools protocol, with everything the page asked of the network and
// wrote to its console.
type browserPage struct {
	ctx context.Context

	mu       sync.Mutex
	requests []string // every URL requested, the page itself included
	problems []string // console errors and warnings, exceptions, CSP reports
}

// openPage writes d to dir/name, opens it in Chromium at width×height and
// waits until the page's script has finished (<html class="js">).
func openPage(t *testing.T, dir, name string, d Document, width, height int) *browserPage {
	t.Helper()
	needChromium(t)
	path, err := filepath.Abs(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, d); err != nil {
		t.Fatal(err)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	p := &browserPage{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(p.listen))
	t.Cleanup(cancel)
	p.ctx = ctx
	// The first Run starts the browser; it must not carry a timeout (that
	// would stop the browser with it), so the page is loaded under one
	// derived from a context that has run.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	u := url.URL{Scheme: "file", Path: path}
	p.do(t, chromedp.Navigate(u.String()), chromedp.WaitReady(chromedp.CSS("html.js")))
	return p
}

func (p *browserPage) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, e.Request.URL)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p.problems = append(p.problems, fmt.Sprintf("console %s: %s", e.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		desc := d.Text
		if d.Exception != nil {
			desc += " " + d.Exception.Description
		}
		p.problems = append(p.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, desc))
	case *log.EventEntryAdded:
		// CSP violations and blocked loads arrive here.
		if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
			p.problems = append(p.problems, fmt.Sprintf("log %s %s: %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	}
}

// do runs actions with a time limit.
func (p *browserPage) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("chromium: %v", err)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](t *testing.T, p *browserPage, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// checkClean fails the test if the page fetched anything but itself or
// wrote an error or warning to its console.
func (p *browserPage) checkClean(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("page requested %s", u)
		}
	}
	if len(p.requests) != 1 {
		t.Errorf("page made %d requests, want only itself: %v", len(p.requests), p.requests)
	}
	for _, s := range p.problems {
		t.Errorf("page reported %s", s)
	}
}

// screenshot saves a PNG of the element sel to dir/name and returns its
// path.
func (p *browserPage) screenshot(t *testing.T, sel, dir, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("screenshot %s: %v", sel, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// keepDir is where a browser test leaves its page and screenshots:
// CARTELSIM_REPORT_KEEP if set, else a temporary directory.
func keepDir(t *testing.T) string {
	if keep := os.Getenv("CARTELSIM_REPORT_KEEP"); keep != "" {
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatal(err)
		}
		return keep
	}
	return t.TempDir()
}

// TestBrowserMap draws the map of Mexico `cartelsim compare` puts in its
// report (real states and network, made-up values) and checks that Leaflet
// drew every state, corridor and port, that the view and difference
// selectors restyle it, that tooltips say what a reader needs, and that
// the page fetched nothing and logged no error.
func TestBrowserMap(t *testing.T) {
	dir := keepDir(t)
	m := mexicoMap(t)
	d := sampleDoc()
	d.Sections[1].Maps = []Map{m}
	p := openPage(t, dir, "map.html", d, 1100, 900)

	count := func(sel string) int {
		return eval[int](t, p, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
	}
	for _, c := range []struct {
		sel  string
		want int
	}{
		{"#routes-map .leaflet-areas-pane path.map-area", len(m.Areas)},
		{"#routes-map .leaflet-lines-pane path.map-line", len(m.Lines)},
		{"#routes-map .leaflet-points-pane path.map-point", len(m.Points)},
		{"#routes-map .leaflet-points-pane path.map-part", len(m.Points)},
		{"#routes-map .leaflet-tile", 0},
		{"#routes-map .map-controls select", 2},
		{"#routes-map .map-controls input[type=checkbox]", 1},
		{"#routes-map .map-controls option", 2 + 3}, // two views; "(nothing)" and two views
	} {
		if got := count(c.sel); got != c.want {
			t.Errorf("%s: %d elements, want %d", c.sel, got, c.want)
		}
	}
	// Every state is drawn as a real outline, not an empty path.
	if n := eval[int](t, p, `[...document.querySelectorAll("#routes-map path.map-area")].filter(e => (e.getAttribute("d") || "").length > 40).length`); n != len(m.Areas) {
		t.Errorf("%d of %d states have an outline", n, len(m.Areas))
	}
	widths := func() []float64 {
		return eval[[]float64](t, p, `[...document.querySelectorAll("#routes-map path.map-line")].map(e => +e.getAttribute("stroke-width"))`)
	}
	stroke := func(i int) string {
		return eval[string](t, p, fmt.Sprintf(`document.querySelectorAll("#routes-map path.map-line")[%d].getAttribute("stroke")`, i))
	}
	pick := func(show, minus string) {
		eval[bool](t, p, fmt.Sprintf(`(() => { const s = document.querySelectorAll("#routes-map .map-controls select");
			s[0].value = %q; s[0].dispatchEvent(new Event("change"));
			s[1].value = %q; s[1].dispatchEvent(new Event("change")); return true; })()`, show, minus))
	}
	shared := func(on bool) {
		eval[bool](t, p, fmt.Sprintf(`(() => { const b = document.querySelector("#routes-map .map-controls input[type=checkbox]");
			b.checked = %v; b.dispatchEvent(new Event("change")); return true; })()`, on))
	}
	// The first view is shown on its own scale: the busiest corridor
	// (10·83 kg) is 9 px wide in the ramp's darkest colour; the first
	// (0 kg) is idle grey, the second (10 kg, 1.2% of the top) is not.
	w := widths()
	if len(w) != len(m.Lines) || w[0] >= 1 || w[1] < 1 || math.Abs(w[len(w)-1]-9) > 1e-6 {
		t.Errorf("line widths %v: want the first idle (< 1 px), the second not, and the last 9 px", w)
	}
	if got := stroke(len(m.Lines) - 1); got != "#7f0000" {
		t.Errorf("busiest corridor drawn %s, want the ramp's darkest #7f0000", got)
	}
	if got := stroke(0); got != "#c4c0b4" {
		t.Errorf("idle corridor drawn %s, want grey #c4c0b4", got)
	}
	// One scale for every view: view 0's busiest corridor carries half of
	// view 1's (20·83 kg), so it is 1 + 8·0.5 = 5 px wide, in the ramp's
	// fourth colour; view 1's is 9 px.
	shared(true)
	if w := widths(); math.Abs(w[len(w)-1]-5) > 1e-6 || w[1] >= 1 {
		t.Errorf("shared scale: view 0's corridors %v px wide, want the second idle (10 kg is 0.6%% of 20·83) and the last 5", w)
	}
	if got := stroke(len(m.Lines) - 1); got != "#d7301f" {
		t.Errorf("shared scale: busiest corridor of view 0 drawn %s, want #d7301f", got)
	}
	pick("1", "")
	if w := widths(); math.Abs(w[len(w)-1]-9) > 1e-6 {
		t.Errorf("shared scale, view 1: busiest corridor %g px wide, want 9", w[len(w)-1])
	}
	shared(false)
	pick("0", "")
	// Port circles are sized by area: port j has 50·(j+1) kg, so the last
	// port's radius is sqrt(26/1) times the first's.
	radii := eval[[]float64](t, p, `[...document.querySelectorAll("#routes-map path.map-point")].map(e => e.getBoundingClientRect().width)`)
	if r := radii[len(radii)-1] / radii[0]; r < 4.6 || r > 5.6 { // sqrt(26) = 5.1; stroke and clamping blur it
		t.Errorf("largest/smallest port circle %.2f, want about sqrt(26) = 5.1 (radii %v)", r, radii)
	}

	// Tooltips: hover the busiest corridor and the largest port.
	tip := func(sel string) string {
		return eval[string](t, p, `(() => {
			const el = document.querySelectorAll(`+fmt.Sprintf("%q", sel)+`);
			const e = el[el.length - 1], r = e.getBoundingClientRect();
			const at = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
			e.dispatchEvent(new MouseEvent("mouseover", at));
			e.dispatchEvent(new MouseEvent("mousemove", at));
			const tips = document.querySelectorAll("#routes-map .leaflet-tooltip");
			const text = tips.length ? tips[tips.length - 1].textContent : "";
			e.dispatchEvent(new MouseEvent("mouseout", at));
			return text;
		})()`)
	}
	last := m.Lines[len(m.Lines)-1]
	if got := tip("#routes-map path.map-line"); !strings.Contains(got, last.Label) || !strings.Contains(got, "kg per month") {
		t.Errorf("corridor tooltip %q, want its name %s and the unit", got, last.Label)
	}
	lp := m.Points[len(m.Points)-1]
	if got := tip("#routes-map path.map-point"); !strings.Contains(got, lp.Label) || !strings.Contains(got, "field office") || !strings.Contains(got, "seized 130") || !strings.Contains(got, "10%") {
		t.Errorf("port tooltip %q, want name, field office, seized 130 (10%%)", got)
	}

	// Difference: view 0 minus view 1 has every corridor carrying less
	// (10·i − 20·i), so busy lines turn blue; ports carry more (v − v/2),
	// so circles turn red.
	pick("0", "1")
	if got := stroke(len(m.Lines) - 1); got != "#2166ac" {
		t.Errorf("difference: busiest corridor drawn %s, want blue #2166ac (less)", got)
	}
	if got := eval[string](t, p, `document.querySelector("#routes-map path.map-point").getAttribute("fill")`); got != "#b2182b" {
		t.Errorf("difference: port drawn %s, want red #b2182b (more)", got)
	}
	if got := eval[string](t, p, `document.querySelector("#routes-map .map-legend").textContent`); !strings.HasPrefix(got, "Difference Baseline, by year: 2024 minus Scenarios: policy") {
		t.Errorf("legend %q", got)
	}
	p.screenshot(t, "#routes-map", dir, "map-diff.png")
	// Back to one view, the busier one, for the screenshot.
	pick("1", "")
	if got := stroke(len(m.Lines) - 1); got != "#7f0000" {
		t.Errorf("after clearing the difference: busiest corridor drawn %s, want #7f0000", got)
	}

	shot := p.screenshot(t, "#routes-map", dir, "map.png")
	checkMapPNG(t, shot)
	p.checkClean(t)
}

// checkMapPNG fails unless the screenshot shows the map: states' fill,
// corridors in the flow ramp and ports in blue.
func checkMapPNG(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := decodePNG(b)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	for _, c := range []struct {
		what    string
		r, g, b int
	}{
		{"state fill #f1efe8", 0xf1, 0xef, 0xe8},
		{"busiest corridor #7f0000", 0x7f, 0x00, 0x00},
		{"port seizures #0b2545", 0x0b, 0x25, 0x45},
	} {
		if !hasNear(img, c.r, c.g, c.b) {
			t.Errorf("map screenshot shows no %s", c.what)
		}
	}
	t.Logf("map screenshot %s: %v, %d bytes", path, img.Bounds().Size(), len(b))
}

func decodePNG(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }

// TestBrowserBars draws the bar charts of a sensitivity page and checks
// that uPlot drew each with its rows labelled (the assumption marked), its
// legend, and no error or request.
func TestBrowserBars(t *testing.T) {
	dir := keepDir(t)
	p := openPage(t, dir, "bars.html", barsDoc(sobolBars(), morrisBars()), 1000, 900)
	for _, id := range []string{"sobol-1", "bars-2"} {
		got := eval[[]string](t, p, fmt.Sprintf(`(() => { const f = document.getElementById(%q);
			return [String(f.querySelectorAll(".uplot canvas").length), String(f.querySelectorAll(".u-legend .u-series").length),
				[...f.querySelectorAll(".u-axis")].length ? "axes" : "none", f.textContent.includes("could not be drawn") ? "failed" : "ok"]; })()`, id))
		if got[0] != "1" || got[1] != "3" || got[2] != "axes" || got[3] != "ok" {
			t.Errorf("%s: canvas, legend entries, axes, state = %v; want 1 canvas, 3 legend entries (rows and two series), axes, ok", id, got)
		}
	}
	if got := eval[string](t, p, `document.querySelector("#sobol-1 .bars-flag").textContent`); got != "\u25B2 assumption" {
		t.Errorf("flag legend %q", got)
	}
	if n := eval[int](t, p, `document.querySelectorAll("#bars-2 .bars-flag").length`); n != 0 {
		t.Errorf("chart without flagged rows has %d flag legends", n)
	}
	// The bars are drawn: the first series' blue and the second's sky
	// blue are on the canvas.
	shot := p.screenshot(t, "#sobol-1", dir, "bars.png")
	b, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := decodePNG(b)
	if err != nil {
		t.Fatal(err)
	}
	if !hasNear(img, 0x00, 0x72, 0xb2) || !hasNear(img, 0x56, 0xb4, 0xe9) {
		t.Error("bar chart screenshot lacks the bars' colours")
	}
	p.checkClean(t)
}

// TestBrowserChoropleth draws a map whose states carry values, as the
// homicide map of `cartelsim compare` does (real outlines, made-up
// values), and checks that every state is filled by its value, that a
// difference turns states red and blue, that a state's tooltip gives its
// values, and that the page fetched nothing and logged no error.
func TestBrowserChoropleth(t *testing.T) {
	dir := keepDir(t)
	states, _, err := mexnet.StateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	m := Map{ID: "homicide-map", Title: "Homicides by state", Unit: "per 100,000 a year",
		Views: []MapView{{Label: "2020", Group: "Observed"}, {Label: "2020", Group: "Baseline"}}}
	// State i has 2·(i+1) observed and 40 simulated: the last state is the
	// darkest observed, and the model has more than observed in the
	// first 19 states and less in the last 12.
	for i, s := range states {
		m.Areas = append(m.Areas, MapArea{Name: s.Name, Info: "INEGI code " + s.Code, Rings: s.Rings, Values: []float64{2 * float64(i+1), 40}})
	}
	d := sampleDoc()
	d.Sections[1].Maps = []Map{m}
	p := openPage(t, dir, "choropleth.html", d, 1100, 900)

	fills := func() []string {
		return eval[[]string](t, p, `[...document.querySelectorAll("#homicide-map path.map-area")].map(e => e.getAttribute("fill"))`)
	}
	pick := func(show, minus string) {
		eval[bool](t, p, fmt.Sprintf(`(() => { const s = document.querySelectorAll("#homicide-map .map-controls select");
			s[0].value = %q; s[0].dispatchEvent(new Event("change"));
			s[1].value = %q; s[1].dispatchEvent(new Event("change")); return true; })()`, show, minus))
	}
	f := fills()
	if len(f) != len(states) {
		t.Fatalf("%d states filled, want %d", len(f), len(states))
	}
	// Oranges 7: 2/64 of the top is the lightest step, 64/64 the darkest.
	if f[0] != "#feedde" || f[len(f)-1] != "#8c2d04" {
		t.Errorf("observed view: first state %s, last %s; want the lightest #feedde and the darkest #8c2d04", f[0], f[len(f)-1])
	}
	pick("1", "0") // simulated minus observed: 40 − 2(i+1)
	f = fills()
	if f[0] != "#b2182b" || f[len(f)-1] != "#67a9cf" || f[19] != "#f7f7f7" {
		t.Errorf("difference: first state %s, 20th %s, last %s; want red #b2182b (+38), white #f7f7f7 (0), light blue #67a9cf (−24)", f[0], f[19], f[len(f)-1])
	}
	tip := eval[string](t, p, `(() => {
		const e = document.querySelectorAll("#homicide-map path.map-area")[0], r = e.getBoundingClientRect();
		const at = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
		e.dispatchEvent(new MouseEvent("mouseover", at));
		e.dispatchEvent(new MouseEvent("mousemove", at));
		const tips = document.querySelectorAll("#homicide-map .leaflet-tooltip");
		return tips.length ? tips[tips.length - 1].textContent : "";
	})()`)
	if !strings.Contains(tip, states[0].Name) || !strings.Contains(tip, "INEGI code") || !strings.Contains(tip, "difference: +38") {
		t.Errorf("tooltip %q: want the state's name, its info and the difference +38", tip)
	}
	if got := eval[string](t, p, `document.querySelector("#homicide-map .map-legend").textContent`); !strings.Contains(got, "Darkest area ±38") {
		t.Errorf("legend %q", got)
	}
	p.screenshot(t, "#homicide-map", dir, "choropleth-diff.png")
	p.checkClean(t)
}
