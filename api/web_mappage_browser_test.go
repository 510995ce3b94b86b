package api_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/zonegate/zonegate/api/internal/apitest"
)

// cleanHeatingStub stands in for GET /v1/statistics/clean-heating (built
// elsewhere) in the shape the page reads; the numbers are made up.
const cleanHeatingStub = `{"source":{"title":"临汾市2020年冬季清洁取暖改造任务分解表（测试桩）"},
 "rows":[
  {"county":"尧都区","adcode":"141002","total":{"area_10k_m2":120.5,"households":30000},"central_heating":{"area_10k_m2":100,"households":20000},"coal_to_electric":{"area_10k_m2":10,"households":5000},"coal_to_gas":{"area_10k_m2":10.5,"households":5000},"other":{"area_10k_m2":0,"households":0}},
  {"county":"侯马市","adcode":"141081","total":{"area_10k_m2":40,"households":9000},"central_heating":{"area_10k_m2":30,"households":6000},"coal_to_electric":{"area_10k_m2":5,"households":1500},"coal_to_gas":{"area_10k_m2":5,"households":1500},"other":{"area_10k_m2":0,"households":0}},
  {"county":"曲沃县","adcode":"141021","total":{"area_10k_m2":15,"households":4000},"central_heating":{"area_10k_m2":5,"households":1000},"coal_to_electric":{"area_10k_m2":6,"households":2000},"coal_to_gas":{"area_10k_m2":4,"households":1000},"other":{"area_10k_m2":0,"households":0}}],
 "total":{"area_10k_m2":175.5,"households":43000},"ambiguous":[]}`

// TestMapPlannerFeaturesInBrowser opens a shared link (view in the hash)
// and checks what a planner sees: the map at that view with the toggles as
// given, county and zone names drawn, the clean-heating choropleth with a
// sortable table, name search with suggestions, a printed PNG, a usable
// panel at 1366×768, and no request leaving the server.
func TestMapPlannerFeaturesInBrowser(t *testing.T) {
	b := startBrowser(t)
	api := apitest.New(t).API
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/statistics/clean-heating" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(cleanHeatingStub))
			return
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	base := srv.URL
	eval := b.eval

	b.run("1366x768", chromedp.EmulateViewport(1366, 768))
	ready := chromedp.Poll[chromedp.Void](`window.zonegate?.ready === true || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
		chromedp.WithPollingTimeout(90*time.Second))
	b.run("open a shared link", chromedp.Navigate(base+"/?lang=zh#map=9.00/36.02000/111.45000&tab=analysis&hide=coal_routes"), ready)
	if fatal := eval("fatal", `String(window.zonegate.fatal ?? window.zonegate.errors.join('; '))`); fatal != "" {
		t.Fatalf("the page failed to start: %s", fatal)
	}
	idle := `new Promise((resolve) => { const m = window.zonegate.map; if (m.loaded() && !m.isMoving()) resolve('ok'); else m.once('idle', () => resolve('ok')); })`
	eval("idle", idle)

	got := eval("view", `(() => { const m = window.zonegate.map, c = m.getCenter();
		return [m.getZoom().toFixed(2), c.lat.toFixed(4), c.lng.toFixed(4), window.zonegate.tab,
			document.querySelector('input[data-layer=coal_routes]').checked, m.getLayoutProperty('coal_routes-line', 'visibility'),
			document.querySelector('input[data-layer=coal_ban]').checked].join(' '); })()`)
	if got != "9.00 36.0200 111.4500 analysis false none true" {
		t.Errorf("view from the hash: zoom lat lon tab routes-checked routes-visibility coalban-checked = %q", got)
	}

	// Clean-heating statistics: card shown, table sortable, map coloured.
	b.run("stats card", chromedp.WaitVisible(chromedp.CSS("#stats-table tbody tr")))
	order := func() string {
		return eval("stats order", `[...document.querySelectorAll('#stats-table tbody tr')].map((r) => r.dataset.county).join(',')`)
	}
	if o := order(); o != "尧都区,侯马市,曲沃县" {
		t.Errorf("stats rows by households, descending = %s", o)
	}
	b.run("sort ascending", chromedp.Click(chromedp.CSS(`#stats-table th[data-sort=value]`)))
	if o := order(); o != "曲沃县,侯马市,尧都区" {
		t.Errorf("stats rows after a click on the value header = %s, want ascending", o)
	}
	b.run("coal to electric", chromedp.SetValue(chromedp.ID("stats-category"), "coal_to_electric"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('stats-category').dispatchEvent(new Event('change'))`))
	if o := order(); o != "侯马市,曲沃县,尧都区" {
		t.Errorf("coal-to-electric households ascending = %s, want 侯马市 1500, 曲沃县 2000, 尧都区 5000 order", o)
	}
	b.run("back to total", chromedp.SetValue(chromedp.ID("stats-category"), "total"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('stats-category').dispatchEvent(new Event('change'))`))
	eval("idle", idle)
	fills := eval("choropleth", fmt.Sprintf(`(() => { const m = window.zonegate.map;
		const f = (lon, lat) => { const p = m.project([lon, lat]); const r = m.queryRenderedFeatures(p, {layers: ['stats-choropleth']});
			if (!r.length) return 'none';
			const e = m.getPaintProperty('stats-choropleth', 'fill-color'), n = r[0].properties.name;
			return n + '=' + e[e.indexOf(n) + 1]; };
		return [f(%v, %v), f(111.371272, 35.620302)].join(' '); })()`, linfenLon, linfenLat))
	if !strings.HasPrefix(fills, "尧都区=#") || !strings.Contains(fills, "侯马市=#") || strings.Count(fills, "#") != 2 {
		t.Errorf("choropleth fills at 尧都区 and 侯马市 = %q", fills)
	}
	if legend := eval("legend", `document.getElementById('stats-legend').textContent`); !strings.Contains(legend, "户数") {
		t.Errorf("choropleth legend %q lacks its metric", legend)
	}
	b.shoot("mappage-choropleth-city.png")

	// Labels at city zoom: county names, drawn from the label points.
	b.run("map tab", chromedp.Click(chromedp.ID("tab-map")))
	eval("idle", idle)
	names := eval("county labels", `new Promise((resolve) => { const m = window.zonegate.map;
		m.once('idle', () => resolve(m.queryRenderedFeatures({layers: ['labels-admin']}).map((f) => f.properties.name).sort().join(',')));
		m.jumpTo({center: [111.45, 36.02], zoom: 8.6}); })`)
	if !strings.Contains(names, "尧都区") || !strings.Contains(names, "侯马市") || strings.Count(names, ",") < 8 {
		t.Errorf("county labels at city zoom: %s", names)
	}
	b.shoot("mappage-labels-city.png")
	zoneNames := eval("zone labels", fmt.Sprintf(`new Promise((resolve) => { const m = window.zonegate.map;
		m.once('idle', () => resolve(m.queryRenderedFeatures({layers: ['labels-areas', 'labels-admin', 'labels-points', 'labels-lines']}).map((f) => f.properties.name).sort().join(',')));
		m.jumpTo({center: [%v, %v], zoom: 12}); })`, linfenLon, linfenLat))
	if !strings.Contains(zoneNames, "尧都区禁煤区") || strings.Contains(zoneNames, "运煤车辆行驶路线") {
		t.Errorf("labels at county zoom: %s, want 尧都区禁煤区 and no names of the hidden coal routes", zoneNames)
	}
	b.shoot("mappage-labels-county.png")

	// The hash follows the view.
	if h := eval("hash", `location.hash`); !strings.HasPrefix(h, "#map=12.00/36.08800/111.51860") || !strings.Contains(h, "hide=coal_routes") {
		t.Errorf("hash after moving = %q", h)
	}

	// The panel fits 1366×768: no sideways scroll, the key controls on screen.
	layout := eval("layout", `(() => { const p = document.getElementById('panel');
		const on = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.top >= 0; };
		return [innerWidth, innerHeight, p.scrollWidth <= p.clientWidth, document.documentElement.scrollWidth <= innerWidth,
			on('search-input'), on('print-btn'), on('inspect-btn'), on('tab-analysis')].join(' '); })()`)
	if layout != "1366 768 true true true true true true" {
		t.Errorf("at 1366x768: width height panel-fits page-fits search print inspect tabs = %s", layout)
	}

	// Find by name: suggestions, then the map goes there.
	b.run("type a name", chromedp.SendKeys(chromedp.ID("search-input"), "侯马"), chromedp.WaitVisible(chromedp.CSS("#search-list li")))
	sugg := eval("suggestions", `[...document.querySelectorAll('#search-list li .sg-name')].map((e) => e.textContent).join(',')`)
	if !strings.HasPrefix(sugg, "侯马市") {
		t.Errorf("suggestions for 侯马 = %s, want 侯马市 first", sugg)
	}
	at := eval("fly", `new Promise((resolve) => { const m = window.zonegate.map;
		m.once('moveend', () => m.once('idle', () => {
			// A county drawn from a parent tile and its child while both are shown
			// is one county: names are compared as a set.
			const f = window.zonegate.map.queryRenderedFeatures(m.project([111.371272, 35.620302]), {layers: ['counties-fill']});
			resolve([...new Set(f.map((x) => x.properties.name))].join(',') + ' ' + (m.getZoom() >= 9)); }));
		document.querySelector('#search-list li').dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); })`)
	if at != "侯马市 true" {
		t.Errorf("after picking 侯马市: county at its seat, zoom = %s, want 侯马市 in view at z ≥ 9", at)
	}

	// Print: a PNG of the view with its furniture, decoded here.
	eval("idle", idle)
	b.run("print", chromedp.Click(chromedp.ID("print-btn")),
		chromedp.Poll[chromedp.Void](`!!window.zonegate.lastPrint`, chromedp.WithPollingTimeout(30*time.Second)))
	dataURL := eval("print data", `window.zonegate.lastPrint`)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(dataURL, "data:image/png;base64,"))
	if err != nil {
		t.Fatalf("print data URL: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("printed PNG: %v", err)
	}
	bd := img.Bounds()
	colours := map[uint32]bool{}
	for y := bd.Min.Y; y < bd.Max.Y; y += 7 {
		for x := bd.Min.X; x < bd.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>11)<<10|(g>>11)<<5|bl>>11] = true
		}
	}
	if bd.Dx() < 1000 || bd.Dy() < 600 || len(colours) < 40 {
		t.Errorf("printed PNG %dx%d with %d colours: want a full view, not blank", bd.Dx(), bd.Dy(), len(colours))
	}
	b.saveArtifact("mappage-print.png", raw)

	if errs := eval("map errors", `JSON.stringify(window.zonegate.errors)`); errs != "[]" {
		t.Errorf("map errors: %s", errs)
	}
	b.checkPageErrors()
	b.log.mu.Lock()
	defer b.log.mu.Unlock()
	origin, _ := url.Parse(base)
	for _, r := range b.log.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != origin.Host) {
			t.Errorf("request leaves the server: %s", r)
		}
	}
}
