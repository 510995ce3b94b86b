package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// TestBelow600CardInBrowser: the analyses tab hides the 600 m card while
// the store has no clean_heating_600m layer; once `analyse below` has
// published one (here a three-county result through the same store call),
// the card lists one row per feature with its clip zone's name and area,
// largest first, and their total.
func TestBelow600CardInBrowser(t *testing.T) {
	b := startBrowser(t)
	ts := apitest.New(t)
	open := func(ts *apitest.Server, what string) {
		b.run(what, chromedp.Navigate(ts.URL+"/?lang=zh"),
			chromedp.Poll[chromedp.Void](`window.zonegate?.ready === true || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
				chromedp.WithPollingTimeout(90*time.Second)),
			chromedp.Click(chromedp.ID("tab-analysis")),
			chromedp.Poll[chromedp.Void](`window.zonegate.analysis.state.loaded === true`, chromedp.WithPollingTimeout(60*time.Second)))
	}
	open(ts, "open the analyses tab without a 600 m layer")
	if got := b.eval("card hidden", `String(document.getElementById('below600-card').hidden)`); got != "true" {
		t.Errorf("600 m card hidden without the layer = %s, want true", got)
	}

	square := func(lon, lat float64) orb.MultiPolygon {
		d := 0.01
		return orb.MultiPolygon{{{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}}}}
	}
	res := terrain.Result{Areas: []terrain.Area{
		{ClipLayer: "counties", ClipID: "141002", ClipName: "尧都区", AreaKM2: 123.45678, Polygons: square(111.5, 36.0)},
		{ClipLayer: "counties", ClipID: "141021", ClipName: "曲沃县", AreaKM2: 7.5, Polygons: square(111.4, 35.6)},
		{ClipLayer: "counties", ClipID: "141024", ClipName: "洪洞县", AreaKM2: 301.2, Polygons: square(111.6, 36.25)},
	}}
	areas, _ := res.Layers(terrain.LayerParams{Layer: "heating600", LevelM: 600, DEM: "test", ComputedAt: apitest.CheckTime})
	// A fresh server, published to before it serves the page (as after
	// `analyse below` and a restart).
	ts = apitest.New(t)
	if err := data.PublishAnalysis(t.Context(), ts.Store, "test", areas); err != nil {
		t.Fatalf("publish the 600 m layer: %v", err)
	}
	if err := ts.Follower.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	open(ts, "open the analyses tab with the 600 m layer")
	got := b.eval("600 m rows", `(() => {
		const card = document.getElementById('below600-card');
		const rows = [...card.querySelectorAll('#below600-table tbody tr')].map((tr) => tr.dataset.id + ':' + [...tr.cells].map((c) => c.textContent).join('='));
		const total = [...card.querySelectorAll('#below600-table tfoot td')].map((c) => c.textContent).join('=');
		return [card.hidden, card.querySelector('#below600-title').textContent, ...rows, total].join(' | ');
	})()`)
	want := strings.Join([]string{"false", "600 米以下区域（按县区）",
		"141024:洪洞县=301.20 km²", "141002:尧都区=123.46 km²", "141021:曲沃县=7.50 km²", "合计=432.16 km²"}, " | ")
	if got != want {
		t.Errorf("600 m card (hidden | title | rows | total) =\n %s\nwant\n %s", got, want)
	}
	// A row flies the map to its area.
	b.run("click a row", chromedp.Click(chromedp.CSS(`#below600-table tr[data-id="141021"]`)))
	center := b.eval("fly to the area", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const done = () => { const c = m.getCenter(); resolve(c.lng.toFixed(3) + ',' + c.lat.toFixed(3)); };
		if (m.isMoving()) m.once('moveend', done); else setTimeout(() => (m.isMoving() ? m.once('moveend', done) : done()), 100);
	})`)
	if want := fmt.Sprintf("%.3f,%.3f", 111.405, 35.605); center != want {
		t.Errorf("map centre after clicking 曲沃县 = %s, want %s", center, want)
	}
	b.checkPageErrors()
}
