package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo/index"
)

type styleDoc struct {
	Version int `json:"version"`
	Sources map[string]struct {
		Type  string   `json:"type"`
		URL   string   `json:"url"`
		Tiles []string `json:"tiles"`
	} `json:"sources"`
	Layers []struct {
		ID          string         `json:"id"`
		Type        string         `json:"type"`
		Source      string         `json:"source"`
		SourceLayer string         `json:"source-layer"`
		Paint       map[string]any `json:"paint"`
	} `json:"layers"`
}

func TestStyleDrawsEveryDemoLayer(t *testing.T) {
	ts := apitest.New(t)
	var st styleDoc
	ts.GetJSON(t, "/styles/zones.json", &st)
	if st.Version != 8 {
		t.Errorf("version = %d, want 8", st.Version)
	}
	if src := st.Sources["zones"]; src.Type != "vector" || src.URL != ts.URL+"/tiles/zones.json" {
		t.Errorf("zones source = %+v, want vector from %s/tiles/zones.json", src, ts.URL)
	}
	if _, ok := st.Sources["basemap"]; ok {
		t.Error("a basemap source without a configured basemap URL")
	}
	drawn := map[string][]string{}
	for _, l := range st.Layers {
		if l.SourceLayer != "" {
			drawn[l.SourceLayer] = append(drawn[l.SourceLayer], l.ID)
		}
	}
	layers, _ := demo.Region()
	for _, l := range layers {
		if len(drawn[l.ID]) == 0 {
			t.Errorf("demo layer %s (%s) has no style layer", l.ID, l.Kind)
		}
	}
	if got := drawn[demo.LayerCoalBan]; !slices.Equal(got, []string{"coal_ban-fill", "coal_ban-outline"}) {
		t.Errorf("coal_ban style layers = %v, want [coal_ban-fill coal_ban-outline]", got)
	}
}

func TestStyleRevalidation(t *testing.T) {
	ts := apitest.New(t)
	resp, err := ts.Client().Get(ts.URL + "/styles/zones.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q; want a tag and no-cache", etag, resp.Header.Get("Cache-Control"))
	}
	status, _, body := ts.Do(t, http.MethodGet, "/styles/zones.json", "", "", "If-None-Match", etag)
	if status != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match %s: status %d, %d bytes; want 304 and no body", etag, status, len(body))
	}
	status, _, _ = ts.Do(t, http.MethodGet, "/styles/zones.json", "", "", "If-None-Match", `"other"`)
	if status != http.StatusOK {
		t.Errorf("If-None-Match with another tag: status %d, want 200", status)
	}
}

func TestStyleUnknownName(t *testing.T) {
	ts := apitest.New(t)
	status, ct, body := ts.Do(t, http.MethodGet, "/styles/satellite.json", "", "")
	var e struct {
		Error struct{ Code, Field string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if status != http.StatusNotFound || ct != "application/json; charset=utf-8" || e.Error.Code != "unknown_style" || e.Error.Field != "name" {
		t.Errorf("GET /styles/satellite.json = %d %q %s; want 404 unknown_style naming field name", status, ct, body)
	}
}

func TestStyleBasemapAndProxyOrigin(t *testing.T) {
	ts := apitest.New(t)
	ctx := context.Background()
	ix := index.New()
	f := follow.New(ts.Store, ix, nil)
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	const tmpl = "https://t0.tianditu.gov.cn/img_w/wmts?tilematrix={z}&tilerow={y}&tilecol={x}&tk=KEY"
	srv := api.New(api.Options{Store: ts.Store, Index: ix, Follower: f, Map: api.MapOptions{BasemapURL: tmpl}})
	t.Cleanup(func() { _ = srv.Close(ctx) })
	r := httptest.NewRequest(http.MethodGet, "http://internal:8080/styles/zones.json", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-Host", "zones.example.test")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	var st styleDoc
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || w.Code != http.StatusOK {
		t.Fatalf("status %d, %v: %s", w.Code, err, w.Body)
	}
	if got := st.Sources["zones"].URL; got != "https://zones.example.test/tiles/zones.json" {
		t.Errorf("TileJSON URL behind a proxy = %q", got)
	}
	if bm := st.Sources["basemap"]; bm.Type != "raster" || len(bm.Tiles) != 1 || bm.Tiles[0] != tmpl {
		t.Errorf("basemap source = %+v, want raster from %s", bm, tmpl)
	}
	if len(st.Layers) < 2 || st.Layers[1].ID != "basemap" || st.Layers[1].Type != "raster" {
		t.Errorf("second style layer = %+v, want the raster basemap right above the background", st.Layers[1])
	}
}
