package erd

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/gen/ir"
)

// consoleLog collects the errors a page reports: console.error calls,
// uncaught exceptions and browser log entries (blocked requests, CSP).
type consoleLog struct {
	mu     sync.Mutex
	errors []string
}

func (l *consoleLog) event(m cdpMessage) {
	var p struct {
		Type             string                `json:"type"`
		Args             []struct{ Value any } `json:"args"`
		ExceptionDetails struct {
			Text      string                       `json:"text"`
			Exception struct{ Description string } `json:"exception"`
		} `json:"exceptionDetails"`
		Entry struct{ Level, Text, URL string } `json:"entry"`
	}
	_ = json.Unmarshal(m.Params, &p)
	var msg string
	switch {
	case m.Method == "Runtime.consoleAPICalled" && (p.Type == "error" || p.Type == "assert"):
		b, _ := json.Marshal(p.Args)
		msg = "console." + p.Type + ": " + string(b)
	case m.Method == "Runtime.exceptionThrown":
		msg = "exception: " + p.ExceptionDetails.Text + " " + p.ExceptionDetails.Exception.Description
	case m.Method == "Log.entryAdded" && p.Entry.Level == "error":
		msg = "log: " + p.Entry.Text + " " + p.Entry.URL
	default:
		return
	}
	l.mu.Lock()
	l.errors = append(l.errors, msg)
	l.mu.Unlock()
}

func (l *consoleLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string{}, l.errors...)
}

// screenshotDir is where screenshots go: $ERD_SCREENSHOT_DIR, else the test's
// artifact directory (kept with go test -artifacts -outputdir DIR).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("ERD_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.ArtifactDir()
}

// TestBrowser opens the site from disk in headless Chromium, searches for
// "invoice", follows the result to the invoices page and checks that its
// columns and diagram are there and that no page logged an error.
func TestBrowser(t *testing.T) {
	s := browserSchema(t)
	dir := t.TempDir()
	writeSite(t, mustEmit(t, s), dir)
	index := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, Dir, "index.html"))}).String()

	log := &consoleLog{}
	b := startBrowser(t, log.event)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	page, err := b.newPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"Runtime.enable", "Log.enable", "Page.enable"} {
		must(t, b.call(ctx, page, m, map[string]any{}, nil))
	}
	must(t, b.call(ctx, page, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil))

	must(t, b.call(ctx, page, "Page.navigate", map[string]any{"url": index}, nil))
	must(t, b.waitFor(ctx, page, `document.readyState === "complete" && !!document.getElementById("q")`))
	typeText(t, ctx, b, page, "#q", "invoice")
	link := `document.querySelector('#result-list a[data-table="invoices"]')`
	must(t, b.waitFor(ctx, page, "!!"+link))
	shots := screenshotDir(t)
	screenshot(t, ctx, b, page, filepath.Join(shots, "erd-search.png"), false)

	click(t, ctx, b, page, link)
	must(t, b.waitFor(ctx, page, `location.pathname.endsWith("/html/tables/invoices.html") && document.readyState === "complete"`))
	checkInvoicesPage(t, ctx, b, page, s.Table("invoices").Columns)
	screenshot(t, ctx, b, page, filepath.Join(shots, "erd-invoices.png"), false)
	screenshot(t, ctx, b, page, filepath.Join(shots, "erd-invoices-full.png"), true)

	time.Sleep(200 * time.Millisecond) // let late log events arrive
	for _, e := range log.all() {
		t.Errorf("browser reported: %s", e)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// typeText focuses the element and types text one key at a time.
func typeText(t *testing.T, ctx context.Context, b *browser, page, selector, text string) {
	t.Helper()
	must(t, b.eval(ctx, page, `document.querySelector("`+selector+`").focus()`, nil))
	for _, r := range text {
		k := string(r)
		must(t, b.call(ctx, page, "Input.dispatchKeyEvent", map[string]any{"type": "keyDown", "key": k, "text": k, "unmodifiedText": k}, nil))
		must(t, b.call(ctx, page, "Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": k}, nil))
	}
}

// click presses and releases the left mouse button on the element's centre.
func click(t *testing.T, ctx context.Context, b *browser, page, element string) {
	t.Helper()
	var at struct{ X, Y float64 }
	must(t, b.eval(ctx, page, `(() => { const e = `+element+`; e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`, &at))
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		must(t, b.call(ctx, page, "Input.dispatchMouseEvent", map[string]any{
			"type": typ, "x": at.X, "y": at.Y, "button": "left", "clickCount": 1}, nil))
	}
}

// checkInvoicesPage checks the column rows against the schema and that the
// neighbour diagram is drawn with the invoices box and its links.
func checkInvoicesPage(t *testing.T, ctx context.Context, b *browser, page string, want []*ir.Column) {
	t.Helper()
	var got struct {
		Title   string
		Columns []string
		Boxes   []string
		Links   int
	}
	must(t, b.eval(ctx, page, `(() => ({
		title: document.querySelector("h1").firstChild.textContent.trim(),
		columns: [...document.querySelectorAll("#columns tr[id^=col-]")].map(r => r.id.slice(4)),
		boxes: [...document.querySelectorAll("#diagram svg .erd-name")].map(n => n.textContent),
		links: document.querySelectorAll("#diagram svg a").length,
	}))()`, &got))
	if got.Title != "invoices" {
		t.Errorf("page title %q, want invoices", got.Title)
	}
	var names []string
	for _, c := range want {
		names = append(names, c.Name)
	}
	if strings.Join(got.Columns, ",") != strings.Join(names, ",") {
		t.Errorf("column rows %v, want %v", got.Columns, names)
	}
	if len(got.Boxes) < 2 || got.Boxes[0] != "invoices" && !contains(got.Boxes, "invoices") {
		t.Errorf("diagram boxes %v: want invoices and its neighbours", got.Boxes)
	}
	if got.Links != len(got.Boxes) {
		t.Errorf("diagram has %d boxes but %d links", len(got.Boxes), got.Links)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// screenshot writes a PNG of the viewport, or of the whole page when full.
func screenshot(t *testing.T, ctx context.Context, b *browser, page, path string, full bool) {
	t.Helper()
	params := map[string]any{"format": "png"}
	if full {
		var size struct{ W, H float64 }
		must(t, b.eval(ctx, page, `({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})`, &size))
		params["captureBeyondViewport"] = true
		params["clip"] = map[string]any{"x": 0, "y": 0, "width": size.W, "height": min(size.H, 6000), "scale": 1}
	}
	var shot struct{ Data string }
	must(t, b.call(ctx, page, "Page.captureScreenshot", params, &shot))
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	must(t, err)
	must(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}
