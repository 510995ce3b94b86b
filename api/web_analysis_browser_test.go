package api_test

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// Kiln site checked by clicking the map: in the western hills, away from
// every suggested relocation area, so not suitable.
const siteLon, siteLat = 111.05, 36.35

// TestAnalysisTabInBrowser opens the analyses tab in headless Chromium
// over the demo region and its synthetic DEM: the sewer table lists the 17
// counties and the total, the kiln bars mark 洪洞县 (3.6亿 > 3.0亿) over its
// cap, a table row flies the map to its county, an armed map click runs
// the kiln site check with its criteria, and the feature popup shows the
// elevation. The screenshot analysis-tab.png is left as an artifact.
func TestAnalysisTabInBrowser(t *testing.T) {
	b := startBrowser(t)
	ts := apitest.New(t, apitest.WithDEMs(terrain.DEM{Name: "demo", Grid: demo.DEM()}))
	run, eval := b.run, b.eval

	run("open the analyses tab", chromedp.Navigate(ts.URL+"/?lang=zh"),
		chromedp.Poll[chromedp.Void](`window.zonegate?.ready === true || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
			chromedp.WithPollingTimeout(90*time.Second)))
	if fatal := eval("fatal", `String(window.zonegate.fatal ?? window.zonegate.errors.join('; '))`); fatal != "" {
		t.Fatalf("the page failed to start: %s", fatal)
	}
	run("click the tab", chromedp.Click(chromedp.ID("tab-analysis")),
		chromedp.Poll[chromedp.Void](`window.zonegate.analysis.state.loaded === true`, chromedp.WithPollingTimeout(60*time.Second)))
	if got := eval("tab label", `document.getElementById('tab-analysis').textContent + ',' + document.getElementById('pane-analysis').hidden`); got != "分析,false" {
		t.Errorf("tab label, pane hidden = %s, want 分析,false", got)
	}

	// Sewer coverage: 17 county rows and the total, as the endpoint answers.
	var cov struct {
		ServiceM float64 `json:"service_m"`
		Counties []struct {
			County         string  `json:"county"`
			Name           string  `json:"name"`
			CoveredPct     float64 `json:"covered_pct"`
			ConversionRate float64 `json:"conversion_rate"`
			MeetsTarget    bool    `json:"meets_target"`
		} `json:"counties"`
		Total struct {
			CoveredPct            float64 `json:"covered_pct"`
			CountiesMeetingTarget int     `json:"counties_meeting_target"`
		} `json:"total"`
	}
	ts.GetJSON(t, "/v1/analysis/sewer-coverage", &cov)
	rows := eval("sewer rows", `[...document.querySelectorAll('#sewer-table tbody tr.sw-row')].map((r) =>
		[r.dataset.county, r.cells[0].textContent, r.cells[1].textContent, r.cells[2].textContent, r.querySelector('.mark').dataset.pass].join(';')).join('\n')`)
	var want []string
	for _, c := range cov.Counties {
		want = append(want, fmt.Sprintf("%s;%s;%.1f%%;%.1f%%", c.County, c.Name, c.CoveredPct, 100*c.ConversionRate))
	}
	got := strings.Split(rows, "\n")
	if len(got) != 17 || len(want) != 17 {
		t.Fatalf("sewer table has %d county rows (endpoint %d), want 17:\n%s", len(got), len(want), rows)
	}
	for i, r := range got {
		c := cov.Counties[i]
		if !strings.HasPrefix(r, want[i]+" / ") || !strings.HasSuffix(r, fmt.Sprintf(";%t", c.MeetsTarget)) {
			t.Errorf("sewer row %d = %q, want %q… with mark %t", i, r, want[i], c.MeetsTarget)
		}
	}
	total := eval("sewer total", `(() => { const r = document.querySelector('#sewer-table tfoot tr.sw-total');
		return r ? [r.cells[0].textContent, r.cells[1].textContent, r.cells[3].textContent].join(';') : ''; })()`)
	if w := fmt.Sprintf("合计;%.1f%%;%d/17", cov.Total.CoveredPct, cov.Total.CountiesMeetingTarget); total != w {
		t.Errorf("sewer total row = %q, want %q", total, w)
	}
	if note := eval("sewer note", `document.getElementById('sewer-note').textContent`); !strings.Contains(note, fmt.Sprintf("%g 米", cov.ServiceM)) {
		t.Errorf("sewer note %q lacks the service distance %g 米", note, cov.ServiceM)
	}

	// Kiln capacity: 洪洞县 alone over its cap.
	bars := eval("kiln bars", `[...document.querySelectorAll('#kiln-bars li.kb')].map((li) =>
		li.querySelector('.kb-name').textContent + '=' + li.querySelector('.kb-fig').textContent + (li.dataset.over === 'true' ? '!' : '')).join('|')`)
	if w := "尧都区=2.8亿 / 3.0亿|襄汾县=2.5亿 / 3.0亿|洪洞县=3.6亿 / 3.0亿超出上限!|合计=8.9亿 / 9.0亿"; bars != w {
		t.Errorf("kiln bars = %q, want %q", bars, w)
	}
	if red := eval("over-cap colour", `getComputedStyle(document.querySelector('#kiln-bars li.kb-over .kb-fill')).backgroundColor`); red != "rgb(200, 30, 51)" {
		t.Errorf("over-cap bar colour = %s, want the deny red rgb(200, 30, 51)", red)
	}

	// Kiln site check: arm the button, click the map at the site.
	eval("centre on the site", fmt.Sprintf(`new Promise((resolve) => {
		const m = window.zonegate.map;
		m.once('idle', () => resolve('')); m.jumpTo({center: [%v, %v], zoom: 12});
	})`, siteLon, siteLat))
	x, y := projectXY(t, eval, siteLon, siteLat)
	run("check a kiln site", chromedp.Click(chromedp.ID("kiln-site-btn")), chromedp.WaitVisible(chromedp.ID("kiln-site-hint")),
		chromedp.MouseClickXY(x, y), chromedp.WaitVisible(chromedp.CSS("#kiln-site-result .site-verdict")))
	var pos orb.Point
	if _, err := fmt.Sscanf(eval("clicked position", `window.zonegate.analysis.state.site.position.join(' ')`), "%g %g", &pos[0], &pos[1]); err != nil {
		t.Fatal(err)
	}
	if math.Abs(pos[0]-siteLon) > 1e-3 || math.Abs(pos[1]-siteLat) > 1e-3 {
		t.Fatalf("the click posted %v, want within 0.001° of [%v, %v]", pos, siteLon, siteLat)
	}
	var site kiln.SiteResult
	ts.PostJSON(t, "/v1/analysis/kiln-site", fmt.Sprintf(`{"position":[%v,%v]}`, pos[0], pos[1]), &site)
	if site.Suitable || len(site.Criteria) == 0 || site.NearestBuiltUp == nil || site.ElevationM == nil {
		t.Fatalf("server answer for %v: %+v; want unsuitable, with criteria, nearest built-up area and elevation", pos, site)
	}
	shown := func() string {
		return eval("site result", `(() => { const r = document.getElementById('kiln-site-result');
			return [r.querySelector('.site-verdict').dataset.suitable, r.querySelector('.site-verdict').textContent,
				...[...r.querySelectorAll('.site-facts tr')].map((tr) => tr.textContent),
				...[...r.querySelectorAll('li.criterion')].map((li) => li.dataset.code + ':' + li.dataset.pass + ':' + li.textContent)].join('\n'); })()`)
	}
	wantSite := func(verdict, distance, elevation string, msg func(kiln.Criterion) string) []string {
		w := []string{"false", "✗" + verdict, distance + fmt.Sprintf("%.2f km · %s", *site.DistanceM/1000, site.NearestBuiltUp.Name),
			fmt.Sprintf("%s%.1f m", elevation, *site.ElevationM)}
		for _, c := range site.Criteria {
			mk := "✗"
			if c.Pass {
				mk = "✓"
			}
			w = append(w, fmt.Sprintf("%s:%t:%s%s %s", c.Code, c.Pass, mk, c.Code, msg(c)))
		}
		return w
	}
	checkSite := func(lang, text string, want []string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text+"\n", w+"\n") && !strings.Contains(text, "\n"+w) {
				t.Errorf("%s site result lacks %q:\n%s", lang, w, text)
			}
		}
	}
	checkSite("zh", shown(), wantSite("不适宜选址", "距最近建成区", "海拔", func(c kiln.Criterion) string { return c.MessageZH }))
	if n := eval("markers", `String(document.querySelectorAll('.maplibregl-marker').length) + ',' + !!document.querySelector('.maplibregl-popup')`); n != "1,false" {
		t.Errorf("markers, popup after the site click = %s, want 1,false", n)
	}
	// The screenshot shows the whole tab: a taller viewport, the panel at its top.
	run("tall viewport", chromedp.EmulateViewport(1440, 1500))
	eval("settle", `new Promise((resolve) => {
		const m = window.zonegate.map;
		document.getElementById('panel').scrollTop = 0;
		const t = setTimeout(() => resolve(''), 5000);
		m.once('idle', () => { clearTimeout(t); resolve(''); });
		m.resize(); m.jumpTo({center: [111.3, 36.3], zoom: 9.5});
	})`)
	b.shoot("analysis-tab.png")
	run("reset viewport", chromedp.ResetViewport())

	// A sewer row flies the map to its county (洪洞县, 141024).
	var county orb.Bound
	_, zones := demo.Region()
	for _, z := range zones {
		if z.Layer == demo.LayerCounties && z.ID == "141024" {
			county = z.Geometry.Bound()
		}
	}
	start := eval("centre before the click", `(() => { const c = window.zonegate.map.getCenter(); return c.lng + ' ' + c.lat; })()`)
	run("click 洪洞县", chromedp.Click(chromedp.CSS(`#sewer-table tr.sw-row[data-county="141024"]`)))
	// Wait until the map has moved away from where it was and come to rest
	// (a loaded machine may start the flight late), at most 10 s.
	centre := eval("fly to the county", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const at = () => { const c = m.getCenter(); return c.lng + ' ' + c.lat; };
		const deadline = Date.now() + 10000;
		const poll = () => {
			if ((at() !== `+"`"+start+"`"+` && !m.isMoving()) || Date.now() > deadline) { resolve(at()); return; }
			setTimeout(poll, 100);
		};
		poll();
	})`)
	var c orb.Point
	if _, err := fmt.Sscanf(centre, "%g %g", &c[0], &c[1]); err != nil || county.IsZero() || !county.Contains(c) {
		t.Errorf("map centre after clicking 洪洞县 = %s, want inside the county's bounds %v", centre, county)
	}

	// The feature popup shows the elevation at the clicked point.
	eval("jump to Linfen", fmt.Sprintf(`new Promise((resolve) => {
		const m = window.zonegate.map;
		m.once('idle', () => resolve('')); m.jumpTo({center: [%v, %v], zoom: 10});
	})`, linfenLon, linfenLat))
	x, y = projectXY(t, eval, linfenLon, linfenLat)
	run("click the zone", chromedp.MouseClickXY(x, y), chromedp.WaitVisible(chromedp.CSS(".maplibregl-popup-content .zg-elev")))
	var elev struct {
		ElevationM float64 `json:"elevation_m"`
	}
	ll := eval("popup position", `(() => { const p = window.zonegate.state.popupFeatures.lngLat; return p.lng.toFixed(6) + ',' + p.lat.toFixed(6); })()`)
	lon, lat, _ := strings.Cut(ll, ",")
	ts.GetJSON(t, "/v1/terrain/elevation?"+url.Values{"lon": {lon}, "lat": {lat}}.Encode(), &elev)
	if got := eval("popup elevation", `document.querySelector('.maplibregl-popup-content .zg-elev').textContent`); !strings.HasPrefix(got, fmt.Sprintf("海拔 %.1f m", elev.ElevationM)) {
		t.Errorf("popup elevation line = %q, want 海拔 %.1f m…", got, elev.ElevationM)
	}

	// English: the tab, the bars and the site check follow.
	run("toggle language", chromedp.Click(chromedp.ID("lang-btn")))
	if got := eval("english labels", `[document.getElementById('tab-analysis').textContent, document.getElementById('kiln-site-btn').textContent,
		document.querySelector('#kiln-bars li.kb-over .kb-fig').textContent].join('|')`); got != "Analyses|Check a kiln site|360 M / 300 Mover cap" {
		t.Errorf("English labels = %q", got)
	}
	checkSite("en", shown(), wantSite("Not a suitable site", "Nearest built-up area", "Elevation", func(c kiln.Criterion) string { return c.MessageEN }))
	if errs := eval("map errors", `JSON.stringify(window.zonegate.errors)`); errs != "[]" {
		t.Errorf("map errors: %s", errs)
	}
	b.checkPageErrors()
}
