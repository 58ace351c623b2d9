package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const chromiumPath = "/usr/bin/chromium"

// chromium runs headless Chromium on page with extra flags and returns its
// standard output. Each run gets its own profile directory so that runs
// never share state; the network stays off (the page needs none, and its
// Content-Security-Policy forbids any).
func chromium(t *testing.T, page string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir=" + t.TempDir(),
		// Long enough for the page to load and draw; virtual time
		// makes it independent of the machine's speed.
		"--virtual-time-budget=5000",
	}
	args = append(args, extra...)
	args = append(args, "file://"+page)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestBrowser renders a report in headless Chromium and checks that uPlot
// really drew every chart. Set CARTELSIM_REPORT_KEEP to a directory to keep
// the page and its screenshot there for a look.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: CI must install chromium", chromiumPath)
		}
		t.Skipf("%s not installed", chromiumPath)
	}
	dir := t.TempDir()
	if keep := os.Getenv("CARTELSIM_REPORT_KEEP"); keep != "" {
		dir = keep
	}
	page, err := filepath.Abs(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDoc()
	if err := WriteFile(page, d); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range d.Sections {
		for _, c := range s.Charts {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("sample has %d charts, want at least 2", len(ids))
	}

	dom := string(chromium(t, page, "--dump-dom"))
	for _, id := range ids {
		fig := regexp.MustCompile(`(?s)<figure class="chart" id="` + regexp.QuoteMeta(id) + `">(.*?)</figure>`).FindStringSubmatch(dom)
		if fig == nil {
			t.Errorf("chart %s: no figure in the DOM", id)
			continue
		}
		for _, want := range []string{`class="uplot`, `<canvas`, `class="u-legend`} {
			if !strings.Contains(fig[1], want) {
				t.Errorf("chart %s: DOM lacks %s, so uPlot did not draw it", id, want)
			}
		}
		if strings.Contains(fig[1], "could not be drawn") {
			t.Errorf("chart %s: drawing failed: %s", id, fig[1])
		}
	}
	if !strings.Contains(dom, `<html lang="en" class="js">`) {
		t.Error("main() did not finish: <html> lacks class js")
	}

	shot := filepath.Join(dir, "report.png")
	chromium(t, page, "--hide-scrollbars", "--window-size=1100,2600", "--screenshot="+shot)
	checkPNG(t, shot)
}

// checkPNG fails unless path is a PNG that shows more than a blank page:
// a drawn chart has its line colours as well as text and white.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	r := img.Bounds()
	if r.Dx() < 800 || r.Dy() < 800 {
		t.Errorf("screenshot is %v, want at least 800×800", r.Size())
	}
	if n := colours(img); n < 64 {
		t.Errorf("screenshot has %d colours; a page with charts has many more", n)
	}
	// The palette's first colour (#0072B2) marks a simulated line.
	if !hasNear(img, 0x00, 0x72, 0xb2) {
		t.Error("screenshot shows no simulated line in the palette's blue")
	}
	t.Logf("screenshot %s: %v, %d bytes", path, r.Size(), len(b))
}

func colours(img image.Image) int {
	seen := map[uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[(cr>>8)<<16|(cg>>8)<<8|cb>>8] = true
		}
	}
	return len(seen)
}

func hasNear(img image.Image, r0, g0, b0 int) bool {
	const tol = 24 // anti-aliasing shifts a line's pixels off its colour
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if abs(int(cr>>8)-r0) <= tol && abs(int(cg>>8)-g0) <= tol && abs(int(cb>>8)-b0) <= tol {
				return true
			}
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
