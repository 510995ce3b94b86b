package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// TestEditPageInBrowser draws a zone as an editor would: sign in with a
// token, pick coal_ban, draw a square with real mouse clicks (terra-draw
// closes a polygon on a click on its first vertex), save the draft, publish
// it from 2020-01-01, and then finds it with GET /v1/zones/at.
func TestEditPageInBrowser(t *testing.T) {
	b := startBrowser(t)
	ts := apitest.New(t)
	token := apitest.CreateToken(t, ts.Store, "ecology-browser", data.RoleEditor)
	run, eval := b.run, b.eval

	run("open the page", chromedp.Navigate(ts.URL+"/?lang=zh"),
		chromedp.Poll[chromedp.Void](`(window.zonegate?.ready === true && !!window.zonegate?.edit) || !!window.zonegate?.fatal || window.zonegate?.errors?.length > 0`,
			chromedp.WithPollingTimeout(90*time.Second)))
	if fatal := eval("fatal", `String(window.zonegate.fatal ?? window.zonegate.errors.join('; '))`); fatal != "" {
		t.Fatalf("the page failed to start: %s", fatal)
	}

	const lon, lat, half = 111.05, 36.05, 0.01
	run("sign in and pick coal_ban",
		chromedp.SendKeys(chromedp.ID("edit-token"), token),
		chromedp.Click(chromedp.ID("edit-signin-btn")),
		chromedp.WaitVisible(chromedp.ID("edit-tools")),
		chromedp.SetValue(chromedp.ID("edit-layer"), "coal_ban"),
		chromedp.SendKeys(chromedp.ID("edit-name"), "浏览器测试禁煤区"),
		chromedp.Click(chromedp.ID("edit-draw")))
	eval("centre the map", fmt.Sprintf(`new Promise((resolve) => {
		const m = window.zonegate.map;
		m.once('idle', () => resolve('ok'));
		m.jumpTo({center: [%v, %v], zoom: 12});
	})`, lon, lat))

	// Screen points of the corners; the first is clicked again to close.
	corners := [][2]float64{{lon - half, lat - half}, {lon + half, lat - half}, {lon + half, lat + half}, {lon - half, lat + half}, {lon - half, lat - half}}
	for i, c := range corners {
		x, y := projectXY(t, eval, c[0], c[1])
		run(fmt.Sprintf("click corner %d", i), chromedp.MouseClickXY(x, y), chromedp.Sleep(150*time.Millisecond))
	}
	drawn := eval("drawn polygon", `JSON.stringify(window.zonegate.edit.draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon').map((f) => f.geometry.coordinates[0].length))`)
	if drawn != "[5]" {
		t.Fatalf("terra-draw polygons (ring lengths) after the clicks = %s, want [5]", drawn)
	}

	run("save the draft", chromedp.Click(chromedp.ID("edit-save")),
		chromedp.WaitVisible(chromedp.CSS(`#edit-drafts li[data-status="draft"] .publish-btn`)))
	id := eval("draft id", `document.querySelector('#edit-drafts li[data-status="draft"]').dataset.id`)
	if !strings.HasPrefix(id, "coal_ban-") {
		t.Errorf("draft id = %q, want coal_ban-…", id)
	}
	run("publish", chromedp.Click(chromedp.CSS(`#edit-drafts li[data-status="draft"] .publish-btn`)),
		chromedp.WaitVisible(chromedp.ID("publish-dialog")),
		chromedp.SetValue(chromedp.ID("publish-from"), "2020-01-01"),
		chromedp.Click(chromedp.ID("publish-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#edit-drafts li[data-status="published"]`)))
	if msg := eval("message", `document.getElementById('edit-msg').textContent`); msg != "已发布："+id {
		t.Errorf("message after publishing = %q, want %q", msg, "已发布："+id)
	}
	// The tiles were reloaded: the published zone is drawn from them.
	rendered := eval("tiles reloaded", `new Promise((resolve) => {
		const m = window.zonegate.map;
		const ids = () => m.queryRenderedFeatures({layers: ['coal_ban-fill']}).map((f) => f.properties.id);
		const check = () => { if (ids().includes(`+"`"+`${document.querySelector('#edit-drafts li').dataset.id}`+"`"+`)) resolve(ids().join('|')); else m.once('idle', check); };
		check();
	})`)
	if !strings.Contains(rendered, id) {
		t.Errorf("rendered coal_ban features %q lack the published %s", rendered, id)
	}

	// History: leave the select tool, click the zone, the panel lists v1.
	x, y := projectXY(t, eval, lon, lat)
	run("open history", chromedp.Click(chromedp.ID("edit-select")), chromedp.MouseClickXY(x, y),
		chromedp.WaitVisible(chromedp.CSS(`#history-list li[data-version="1"] button`)),
		chromedp.Click(chromedp.CSS(`#history-list li[data-version="1"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#history-list li.active`)))
	if got := eval("history", `document.getElementById('history-list').textContent`); !strings.Contains(got, "v1") || !strings.Contains(got, "已发布") || !strings.Contains(got, "ecology-browser") {
		t.Errorf("history panel %q lacks v1, 已发布 and the author ecology-browser", got)
	}
	if got, want := eval("dashed outline", `window.zonegate.edit.shown()`), "coal_ban/"+id+"/v1"; got != want {
		t.Errorf("version drawn dashed = %q, want %q", got, want)
	}
	b.shoot("map-edit-published.png")

	var at struct {
		Zones []struct {
			ID    string `json:"id"`
			Layer string `json:"layer"`
		} `json:"zones"`
	}
	ts.GetJSON(t, fmt.Sprintf("/v1/zones/at?lon=%v&lat=%v&layers=coal_ban", lon, lat), &at)
	var ids []string
	for _, z := range at.Zones {
		ids = append(ids, z.Layer+"/"+z.ID)
	}
	if !slices.Contains(ids, "coal_ban/"+id) {
		raw, _ := json.Marshal(at)
		t.Errorf("GET /v1/zones/at at %v,%v: %s, want it to include coal_ban/%s", lon, lat, raw, id)
	}

	b.checkPageErrors()
}

// projectXY returns the page coordinates of lon, lat on the map.
func projectXY(t *testing.T, eval func(what, js string) string, lon, lat float64) (x, y float64) {
	t.Helper()
	xy := eval("project", fmt.Sprintf(`(() => {
		const m = window.zonegate.map, p = m.project([%v, %v]), r = m.getContainer().getBoundingClientRect();
		return (p.x + r.left) + ',' + (p.y + r.top);
	})()`, lon, lat))
	if _, err := fmt.Sscanf(xy, "%g,%g", &x, &y); err != nil {
		t.Fatalf("projected point %v,%v %q: %v", lon, lat, xy, err)
	}
	return x, y
}
