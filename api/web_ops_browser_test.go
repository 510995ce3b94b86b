package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

// TestOpsPanelInBrowser opens the operations tab in headless Chromium: the
// uPlot chart renders daily checks made through the check endpoint, the
// checkpoints are drawn as circles carrying their check counts, and a
// truck position posted to POST /v1/tracks shows up in the live event
// feed; clicking the event flies the map to it.
func TestOpsPanelInBrowser(t *testing.T) {
	b := startBrowser(t)
	var clock atomic.Int64
	clock.Store(apitest.CheckTime.UnixNano())
	ts := apitest.New(t, func(o *api.Options) { o.Now = func() time.Time { return time.Unix(0, clock.Load()) } })
	run, eval := b.run, b.eval

	// Checks at two demo checkpoints on three campaign days: 3 + 2 + 1.
	_, zones := demo.Region()
	var cps []string
	cpAt := map[string]orb.Point{}
	for _, z := range zones {
		if z.Layer == demo.LayerCheckpoints && len(cps) < 2 {
			cps = append(cps, z.ID)
			cpAt[z.ID] = z.Geometry.(orb.Point)
		}
	}
	perDay := []int{3, 2, 1}
	for d, n := range perDay {
		clock.Store(apitest.CheckTime.AddDate(0, 0, d).UnixNano())
		for i := range n {
			cp := cps[i%2]
			var resp map[string]any
			ts.PostJSON(t, "/v1/checks/coal-truck", fmt.Sprintf(`{"position":[%v,%v],"cargo":{"fuel":"coal","sulfur_pct":0.9,"ash_pct":9},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"station":%q}`,
				cpAt[cp][0], cpAt[cp][1], cp), &resp)
		}
	}
	clock.Store(apitest.CheckTime.UnixNano())

	run("open the operations tab", chromedp.Navigate(ts.URL+"/?lang=zh"),
		chromedp.Poll[chromedp.Void](`(window.zonegate?.ready === true && !!window.zonegate?.ops) || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
			chromedp.WithPollingTimeout(90*time.Second)))
	if fatal := eval("fatal", `String(window.zonegate.fatal ?? window.zonegate.errors.join('; '))`); fatal != "" {
		t.Fatalf("the page failed to start: %s", fatal)
	}
	run("click the tab", chromedp.Click(chromedp.ID("tab-ops")),
		chromedp.WaitVisible(chromedp.CSS("#ops-chart .uplot canvas")))

	chart := eval("chart", `(() => {
		const c = document.querySelector('#ops-chart .uplot canvas'), r = c.getBoundingClientRect();
		return [document.querySelectorAll('#ops-chart .uplot').length, r.width > 100 && r.height > 50, c.width > 0 && c.height > 0].join(',');
	})()`)
	if chart != "1,true,true" {
		t.Errorf("chart: uplot roots, canvas laid out, canvas pixels = %s, want 1,true,true", chart)
	}
	// The chart's data: the campaign's days, with the checks on the three days.
	series := eval("chart data", `(() => {
		const d = window.zonegate.ops.chart.data, days = d[0].length;
		return days + ':' + d[1].filter((v) => v > 0).join('/') + ':' + d[1].reduce((a, b) => a + b, 0);
	})()`)
	if series != "243:3/2/1:6" {
		t.Errorf("chart series (days:nonzero checks:sum) = %s, want 243:3/2/1:6", series)
	}
	// The campaign has checks, so it stays the opening period.
	if got := eval("period", `window.zonegate.ops.state.period + ',' + document.getElementById('ops-period').value`); got != "campaign,campaign" {
		t.Errorf("opening period (state, select) = %s, want campaign,campaign", got)
	}
	if got := eval("summary", `document.querySelector('#ops-summary .stat-checks .stat-num').textContent`); got != "6" {
		t.Errorf("summary checks = %q, want 6", got)
	}

	// Checkpoint circles: rendered, with the counts of the report.
	circles := eval("checkpoint circles", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const done = () => {
			const fs = m.queryRenderedFeatures({layers: ['ops-checkpoints']});
			const counted = fs.filter((f) => f.properties.checks > 0).map((f) => f.properties.id + '=' + f.properties.checks).sort();
			resolve(fs.length + ' ' + [...new Set(counted)].join(' '));
		};
		if (m.loaded() && m.isSourceLoaded('ops-checkpoints')) done(); else m.once('idle', done);
	})`)
	// Checks alternate between the two checkpoints each day: 2+1+1 and 1+1.
	counted := []string{cps[0] + "=4", cps[1] + "=2"}
	slices.Sort(counted)
	want := strings.Join(counted, " ")
	if !strings.HasSuffix(circles, want) || strings.HasPrefix(circles, "0 ") {
		t.Errorf("rendered checkpoint circles (count, id=checks) = %q, want some, ending %q", circles, want)
	}

	// Live feed: a truck drives into Linfen's coal-ban zone. The feed starts
	// after the panel has drawn (render first, then stream): wait for it.
	run("feed started", chromedp.Poll[chromedp.Void](`document.getElementById('ops-feed').textContent !== ''`, chromedp.WithPollingTimeout(10*time.Second)))
	if got := eval("empty feed", `document.getElementById('ops-feed').textContent`); !strings.Contains(got, "暂无车辆事件") {
		t.Errorf("feed before any position = %q, want the empty message", got)
	}
	const plate = "晋L·OPS01"
	body := fmt.Sprintf(`{"positions":[{"plate":%q,"time":"2020-11-01T07:58:00+08:00","lon":111.30,"lat":35.95,"crs":"wgs84","cargo":"coal"},`+
		`{"plate":%q,"time":"2020-11-01T07:59:00+08:00","lon":%v,"lat":%v,"crs":"wgs84","cargo":"coal"}]}`, plate, plate, linfenLon, linfenLat)
	var tr struct {
		Accepted int               `json:"accepted"`
		Events   []json.RawMessage `json:"events"`
	}
	ts.PostJSON(t, "/v1/tracks", body, &tr)
	if tr.Accepted != 2 || len(tr.Events) == 0 {
		t.Fatalf("POST /v1/tracks: accepted %d, %d events; want 2 and some", tr.Accepted, len(tr.Events))
	}
	sel := fmt.Sprintf(`#ops-feed li.feed-item[data-plate=%q].feed-enter`, plate)
	run("event in the feed", chromedp.WaitVisible(chromedp.CSS(sel)))
	item := eval("feed item", fmt.Sprintf(`[...document.querySelectorAll(%q)].map((e) => e.textContent).join(' | ')`, sel))
	for _, w := range []string{"驶入", plate, "尧都区禁煤区", "2020-11-01 07:59"} {
		if !strings.Contains(item, w) {
			t.Errorf("feed items %q lack %q", item, w)
		}
	}
	b.shoot("map-ops-panel.png")
	// The feed re-renders its list on every event, so a node found by one
	// DevTools call may be gone by the next (chromedp.Click: "Could not find
	// node with given id"): find and click in one script.
	clickNow := func(what, selector, event string) {
		run(what, chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q);
			if (!e) return false; e.dispatchEvent(new MouseEvent(%q, {bubbles: true, cancelable: true})); return true; })()`, selector, event),
			chromedp.WithPollingTimeout(10*time.Second)))
	}
	clickNow("click the event", sel, "click")
	center := eval("fly to the event", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const done = () => { const c = m.getCenter(); resolve(c.lng.toFixed(3) + ',' + c.lat.toFixed(3)); };
		if (m.isMoving()) m.once('moveend', done); else setTimeout(() => (m.isMoving() ? m.once('moveend', done) : done()), 100);
	})`)
	if want := fmt.Sprintf("%.3f,%.3f", linfenLon, linfenLat); center != want {
		t.Errorf("map centre after clicking the event = %s, want %s", center, want)
	}

	// Plate search: a second truck with another prefix, then the prefix of
	// the first typed into the plate box suggests only the first; picking
	// it lists its events from GET /v1/events?plate= (newest first) and
	// flies to the last one.
	const other = "晋A·OPS02"
	ts.PostJSON(t, "/v1/tracks", fmt.Sprintf(`{"positions":[{"plate":%q,"time":"2020-11-01T08:01:00+08:00","lon":111.30,"lat":35.95,"crs":"wgs84","cargo":"coal"},`+
		`{"plate":%q,"time":"2020-11-01T08:02:00+08:00","lon":%v,"lat":%v,"crs":"wgs84","cargo":"coal"}]}`, other, other, linfenLon, linfenLat), &tr)
	run("other truck in the feed", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#ops-feed li.feed-item[data-plate=%q]`, other))))
	var byPlate struct {
		Events []struct {
			ID       int64      `json:"id"`
			Type     string     `json:"type"`
			Position [2]float64 `json:"position"`
		} `json:"events"`
	}
	ts.GetJSON(t, "/v1/events?plate="+url.QueryEscape(plate), &byPlate)
	if len(byPlate.Events) == 0 {
		t.Fatalf("GET /v1/events?plate=%s: no events", plate)
	}
	var wantIDs []string
	for i := len(byPlate.Events) - 1; i >= 0; i-- {
		wantIDs = append(wantIDs, fmt.Sprint(byPlate.Events[i].ID))
	}
	last := byPlate.Events[len(byPlate.Events)-1]
	eval("move away", `window.zonegate.map.jumpTo({center: [111.0, 36.5], zoom: 9}), 'ok'`)
	// The list is rebuilt on each typed character: wait until it shows the
	// suggestions for the whole prefix before reading it.
	run("type a plate prefix", chromedp.SendKeys(chromedp.ID("plate-input"), "晋L·OP"),
		chromedp.Poll[chromedp.Void](`document.getElementById('plate-input').value === '晋L·OP' && document.querySelectorAll('#plate-list li[data-plate]').length > 0`,
			chromedp.WithPollingTimeout(10*time.Second)))
	if got := eval("suggestions", `[...document.querySelectorAll('#plate-list li')].map((li) => li.dataset.plate).join(',')`); got != plate {
		t.Errorf("plate suggestions for 晋L·OP = %q, want %q", got, plate)
	}
	clickNow("pick the suggestion", fmt.Sprintf(`#plate-list li[data-plate=%q]`, plate), "mousedown")
	run("plate events listed", chromedp.WaitVisible(chromedp.CSS(`#plate-events li.feed-item`)))
	if got := eval("plate events", `[...document.querySelectorAll('#plate-events li.feed-item')].map((li) => li.dataset.id).join(',')`); got != strings.Join(wantIDs, ",") {
		t.Errorf("events listed for %s = %s, want %s (GET /v1/events?plate=, newest first)", plate, got, strings.Join(wantIDs, ","))
	}
	if got := eval("plate heading", `document.querySelector('#plate-events h3').textContent`); got != fmt.Sprintf("%s 最近 %d 条事件", plate, len(wantIDs)) {
		t.Errorf("plate heading = %q", got)
	}
	center = eval("fly to the truck", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const done = () => { const c = m.getCenter(); resolve(c.lng.toFixed(3) + ',' + c.lat.toFixed(3)); };
		if (m.isMoving()) m.once('moveend', done); else setTimeout(() => (m.isMoving() ? m.once('moveend', done) : done()), 100);
	})`)
	if want := fmt.Sprintf("%.3f,%.3f", last.Position[0], last.Position[1]); center != want {
		t.Errorf("map centre after picking %s = %s, want its last event at %s", plate, center, want)
	}

	// Language toggle relabels the panel.
	run("toggle language", chromedp.Click(chromedp.ID("lang-btn")))
	if got := eval("tab label", `document.getElementById('tab-ops').textContent`); got != "Operations" {
		t.Errorf("operations tab in English = %q", got)
	}
	b.shoot("map-ops-panel-en.png")
	if errs := eval("map errors", `JSON.stringify(window.zonegate.errors)`); errs != "[]" {
		t.Errorf("map errors: %s", errs)
	}
	b.checkPageErrors()
}

// TestOpsPanelPeriodWithoutCampaignChecks: with no checks in the campaign
// (a live demo logs its checks today), the panel opens on the last 30 days.
func TestOpsPanelPeriodWithoutCampaignChecks(t *testing.T) {
	b := startBrowser(t)
	ts := apitest.New(t)
	b.run("open the operations tab", chromedp.Navigate(ts.URL+"/?lang=en"),
		chromedp.Poll[chromedp.Void](`(window.zonegate?.ready === true && !!window.zonegate?.ops) || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
			chromedp.WithPollingTimeout(90*time.Second)),
		chromedp.Click(chromedp.ID("tab-ops")),
		chromedp.Poll[chromedp.Void](`window.zonegate.ops.state.loaded === true`, chromedp.WithPollingTimeout(30*time.Second)))
	if got := b.eval("period", `window.zonegate.ops.state.period + ',' + document.getElementById('ops-period').value + ',' + window.zonegate.ops.chart.data[0].length`); got != "last30,last30,30" {
		t.Errorf("opening period (state, select, chart days) = %s, want last30,last30,30", got)
	}
	b.checkPageErrors()
}
