package api_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/zonegate/zonegate/api/internal/apitest"
)

// Linfen city centre, inside 尧都区禁煤区 in the demo region.
const linfenLon, linfenLat = 111.5186, 36.0880

// chromiumPath finds a Chromium binary: $ZONEGATE_CHROMIUM, else chromium,
// chromium-browser or google-chrome on PATH. Empty: none.
func chromiumPath() string {
	if p := os.Getenv("ZONEGATE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where the browser test leaves screenshots: $ZONEGATE_ARTIFACTS
// (created if needed) or a temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ZONEGATE_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserLog records what the page did that the test asserts on afterwards.
type browserLog struct {
	mu         sync.Mutex
	requests   []string
	exceptions []string
	consoleErr []string
}

func (b *browserLog) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		b.exceptions = append(b.exceptions, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber))
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			b.consoleErr = append(b.consoleErr, strings.Join(parts, " "))
		}
	}
}

// launchBrowser starts headless Chromium (bin) with the flags that give
// MapLibre a WebGL context without a GPU, for the life of ctx and the test,
// and returns the browser context. listen receives the page's events.
func launchBrowser(t *testing.T, ctx context.Context, bin string, listen func(ev any)) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("lang", "zh-CN"),
	)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithListener(listen))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	return bctx
}

// browserSession is a headless Chromium for one test, with steps that fail
// the test on error.
type browserSession struct {
	t         *testing.T
	ctx       context.Context
	log       *browserLog
	artifacts string
}

// startBrowser launches Chromium for t (3-minute limit), or skips t in -short
// mode or when no Chromium is installed.
func startBrowser(t *testing.T) *browserSession {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no Chromium found (set ZONEGATE_CHROMIUM or install Debian's chromium); browser test skipped")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	b := &browserSession{t: t, log: &browserLog{}, artifacts: artifactDir(t)}
	b.ctx = launchBrowser(t, ctx, bin, b.log.listen)
	return b
}

// run performs steps; what names them in a failure.
func (b *browserSession) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js (awaiting a promise) and returns its string result.
func (b *browserSession) eval(what, js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shoot saves a screenshot of the viewport as an artifact named name.
func (b *browserSession) shoot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(b.artifacts, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
}

// saveArtifact writes body as the artifact named name.
func (b *browserSession) saveArtifact(name string, body []byte) {
	b.t.Helper()
	p := filepath.Join(b.artifacts, name)
	if err := os.WriteFile(p, body, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("artifact: %s", p)
}

// checkPageErrors fails the test for every exception or console error the
// page reported.
func (b *browserSession) checkPageErrors() {
	b.t.Helper()
	b.log.mu.Lock()
	defer b.log.mu.Unlock()
	for _, e := range append(b.log.exceptions, b.log.consoleErr...) {
		b.t.Errorf("page error: %s", e)
	}
}

// TestMapPageInBrowser opens the map page in headless Chromium on the demo
// region and uses it as a planner would: the coal-ban zones render, a click
// shows the zone's popup, the inspect tool answers a coal-truck check, and
// the language toggle switches the UI. Screenshots are left as artifacts.
func TestMapPageInBrowser(t *testing.T) {
	b := startBrowser(t)
	base := apitest.New(t).URL
	bctx, blog, run, eval, shoot := b.ctx, b.log, b.run, b.eval, b.shoot

	run("open the page", chromedp.Navigate(base+"/?lang=zh"),
		chromedp.Poll[chromedp.Void](`window.zonegate?.ready === true || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
			chromedp.WithPollingTimeout(90*time.Second)))
	if fatal := eval("fatal", `String(window.zonegate.fatal ?? window.zonegate.errors.join('; '))`); fatal != "" {
		t.Fatalf("the page failed to start: %s", fatal)
	}

	shoot("map-overview.png")

	// Search by coordinates: the map flies there and drops a marker.
	run("search", chromedp.SendKeys(chromedp.ID("search-input"), "111.6833, 36.2667"),
		chromedp.Click(chromedp.CSS("#search-form button")))
	center := eval("search result", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const done = () => { const c = m.getCenter(); resolve(c.lng.toFixed(4) + ',' + c.lat.toFixed(4) + ',' + document.querySelectorAll('.maplibregl-marker').length); };
		if (m.isMoving()) m.once('moveend', done); else done();
	})`)
	if center != "111.6833,36.2667,1" {
		t.Errorf("after searching 111.6833, 36.2667: centre,markers = %s, want 111.6833,36.2667,1", center)
	}

	// Jump to Linfen centre and wait until the map is idle (tiles loaded).
	names := eval("coal-ban features", fmt.Sprintf(`new Promise((resolve) => {
		const m = window.zonegate.map;
		m.once('idle', () => resolve(m.queryRenderedFeatures({layers: ['coal_ban-fill']}).map((f) => f.properties.name).join('|')));
		m.jumpTo({center: [%v, %v], zoom: 10});
	})`, linfenLon, linfenLat))
	if names == "" {
		t.Fatal("no rendered features in style layer coal_ban-fill at Linfen centre, z10")
	}
	if !strings.Contains(names, "尧都区禁煤区") {
		t.Errorf("rendered coal-ban features %q do not include 尧都区禁煤区", names)
	}

	// As of 2020-05-01, before the preliminary delineation, there were no
	// coal-ban zones; the tiles reload with ?at=.
	countAt := func(date string) string {
		t.Helper()
		return eval("as of "+date, fmt.Sprintf(`new Promise((resolve) => {
			const m = window.zonegate.map, input = document.getElementById('at-input');
			m.once('idle', () => resolve(String(m.queryRenderedFeatures({layers: ['coal_ban-fill']}).length)));
			input.value = %q;
			input.dispatchEvent(new Event('change'));
		})`, date))
	}
	if n := countAt("2020-05-01"); n != "0" {
		t.Errorf("coal-ban features rendered as of 2020-05-01: %s, want 0", n)
	}
	if n := countAt(""); n == "0" {
		t.Error("no coal-ban features after clearing the as-of date")
	}

	// Click the zone at Linfen centre: the popup names it.
	var x, y float64
	xy := eval("project", fmt.Sprintf(`(() => {
		const m = window.zonegate.map, p = m.project([%v, %v]), r = m.getContainer().getBoundingClientRect();
		return (p.x + r.left) + ',' + (p.y + r.top);
	})()`, linfenLon, linfenLat))
	if _, err := fmt.Sscanf(xy, "%g,%g", &x, &y); err != nil {
		t.Fatalf("projected point %q: %v", xy, err)
	}
	run("click the zone", chromedp.MouseClickXY(x, y), chromedp.WaitVisible(chromedp.CSS(".maplibregl-popup-content")))
	popup, err := chromedp.Run(bctx, chromedp.TextContent(chromedp.CSS(".maplibregl-popup-content")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"尧都区禁煤区", "cb-141002", "禁煤区（模拟）", "2020-05-15"} {
		if !strings.Contains(popup, want) {
			t.Errorf("popup text %q lacks %q", popup, want)
		}
	}
	shoot("map-popup.png")

	// Inspect here: a coal truck for residential heating at the centre is
	// turned back.
	run("inspect", chromedp.Click(chromedp.ID("inspect-btn")), chromedp.MouseClickXY(x, y),
		chromedp.WaitVisible(chromedp.ID("inspect-card")),
		chromedp.SetValue(chromedp.CSS(`#inspect-form select[name=fuel]`), "coal"),
		chromedp.SetValue(chromedp.CSS(`#inspect-form input[name=sulfur]`), "0.4"),
		chromedp.SetValue(chromedp.CSS(`#inspect-form input[name=ash]`), "9.5"),
		chromedp.SetValue(chromedp.CSS(`#inspect-form select[name=destination]`), "residential"),
		chromedp.Click(chromedp.ID("inspect-submit")),
		chromedp.WaitVisible(chromedp.CSS("#inspect-result .badge")))
	decision, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS("#inspect-result .badge"), "data-decision"))
	if err != nil {
		t.Fatal(err)
	}
	result, err := chromedp.Run(bctx, chromedp.TextContent(chromedp.ID("inspect-result")))
	if err != nil {
		t.Fatal(err)
	}
	if decision.Value != "deny" {
		t.Errorf("decision badge data-decision = %q, want deny", decision.Value)
	}
	for _, want := range []string{"禁止", "劝返", "COAL_BAN_ZONE", "尧都区禁煤区"} {
		if !strings.Contains(result, want) {
			t.Errorf("decision text %q lacks %q", result, want)
		}
	}
	shoot("map-inspect-zh.png")

	// Language toggle: every UI label follows.
	label := func() string {
		v, err := chromedp.Run(bctx, chromedp.TextContent(chromedp.CSS(`[data-i18n="layers"]`)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := label(); got != "图层" {
		t.Errorf("layer panel heading = %q, want 图层", got)
	}
	run("toggle language", chromedp.Click(chromedp.ID("lang-btn")))
	if got := label(); got != "Layers" {
		t.Errorf("layer panel heading after the toggle = %q, want Layers", got)
	}
	if got := eval("badge", `document.querySelector('#inspect-result .badge').textContent`); !strings.Contains(got, "DENY") || !strings.Contains(got, "turn back") {
		t.Errorf("decision badge in English = %q, want DENY and turn back", got)
	}
	shoot("map-inspect-en.png")

	if errs := eval("map errors", `JSON.stringify(window.zonegate.errors)`); errs != "[]" {
		t.Errorf("map errors: %s", errs)
	}
	b.checkPageErrors()
	blog.mu.Lock()
	defer blog.mu.Unlock()
	origin, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	// The page's own requests; those of the map's web worker (the tiles) are
	// not reported to the page target, and their URLs come from the
	// TileJSON, which points at this server.
	for _, r := range blog.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != origin.Host) {
			t.Errorf("request leaves the server: %s", r)
		}
	}
	t.Logf("%d page requests, all to %s", len(blog.requests), origin.Host)
}
