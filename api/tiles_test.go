package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// linfenCentre is inside the demo zones counties/141002, built_up/bu-141002,
// coal_ban/cb-141002 and burn_ban/bb-141002.
var linfenCentre = orb.Point{111.5186, 36.0880}

// tileServer is the demo test server with a tile-fetching helper.
type tileServer struct{ *apitest.Server }

func newTileServer(t *testing.T) *tileServer { return &tileServer{apitest.New(t)} }

// get fetches path with the given header pairs; the transport does not
// decompress (every request names its Accept-Encoding).
func (ts *tileServer) get(t *testing.T, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	return ts.Send(t, http.MethodGet, path, "", append([]string{"Accept-Encoding", "identity"}, header...)...)
}

func tilePath(tl maptile.Tile) string {
	return fmt.Sprintf("/tiles/zones/%d/%d/%d.mvt", tl.Z, tl.X, tl.Y)
}

// featureIDs lists the "id" property of each feature per layer.
func featureIDs(t *testing.T, ls mvt.Layers) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, l := range ls {
		for _, f := range l.Features {
			out[l.Name] = append(out[l.Name], f.Properties.MustString("id"))
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestTileServesDemoZones(t *testing.T) {
	ts := newTileServer(t)
	tl := maptile.At(linfenCentre, 12)
	resp, body := ts.get(t, tilePath(tl))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for h, want := range map[string]string{
		"Content-Type": "application/vnd.mapbox-vector-tile", "Cache-Control": "public, max-age=60",
		"Vary": "Accept-Encoding", "Content-Encoding": "",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(resp.Header.Get("ETag")) {
		t.Errorf("ETag %q is not a strong tag", resp.Header.Get("ETag"))
	}
	ls, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	ids := featureIDs(t, ls)
	for layer, id := range map[string]string{"counties": "141002", "built_up": "bu-141002", "coal_ban": "cb-141002", "burn_ban": "bb-141002"} {
		if !contains(ids[layer], id) {
			t.Errorf("layer %s: %v lacks %s, which contains the tile's centre", layer, ids[layer], id)
		}
	}
	for _, l := range ls {
		for _, f := range l.Features {
			if l.Name == "coal_ban" && f.Properties["valid_from"] != "2020-05-14T16:00:00Z" {
				t.Errorf("coal_ban valid_from = %v", f.Properties["valid_from"])
			}
		}
	}

	// Before the preliminary delineation there are no ban zones; with
	// layers= only the named layers come.
	_, body = ts.get(t, tilePath(tl)+"?at=2020-05-01&layers=coal_ban,counties")
	ls, err = mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if ids := featureIDs(t, ls); len(ids) != 1 || !contains(ids["counties"], "141002") {
		t.Errorf("at 2020-05-01 with layers=coal_ban,counties: %v, want only counties", ids)
	}
}

func TestTileGzip(t *testing.T) {
	ts := newTileServer(t)
	path := tilePath(maptile.At(linfenCentre, 10))
	_, raw := ts.get(t, path)
	resp, body := ts.get(t, path, "Accept-Encoding", "br;q=1, gzip;q=0.8")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("ETag") == "" {
		t.Fatalf("headers %v", resp.Header)
	}
	gz, err := mvt.UnmarshalGzipped(body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := mvt.Unmarshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(featureIDs(t, gz)) != fmt.Sprint(featureIDs(t, plain)) || len(body) >= len(raw) {
		t.Errorf("gzip tile (%d bytes) differs from the raw one (%d bytes)", len(body), len(raw))
	}
	if resp, _ := ts.get(t, path, "Accept-Encoding", "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 must not get gzip")
	}
}

// An empty tile is 204 No Content, with the caching headers.
func TestTileEmptyIs204(t *testing.T) {
	ts := newTileServer(t)
	resp, body := ts.get(t, tilePath(maptile.At(orb.Point{0, 0}, 8)))
	if resp.StatusCode != http.StatusNoContent || len(body) != 0 || resp.Header.Get("ETag") == "" ||
		resp.Header.Get("Content-Type") != "" {
		t.Errorf("status %d, %d bytes, headers %v", resp.StatusCode, len(body), resp.Header)
	}
}

func TestTileNotModified(t *testing.T) {
	ts := newTileServer(t)
	path := tilePath(maptile.At(linfenCentre, 11))
	resp, _ := ts.get(t, path)
	etag := resp.Header.Get("ETag")
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		resp, body := ts.get(t, path, "If-None-Match", inm)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: status %d, ETag %q", inm, resp.StatusCode, resp.Header.Get("ETag"))
		}
	}
	// The gzip representation has its own tag; either revalidates.
	resp, _ = ts.get(t, path, "Accept-Encoding", "gzip", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") == etag {
		t.Errorf("gzip revalidation: status %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	if resp, _ := ts.get(t, path, "If-None-Match", `"other"`); resp.StatusCode != http.StatusOK {
		t.Errorf("a foreign tag must get the tile, got %d", resp.StatusCode)
	}
}

func TestTileErrors(t *testing.T) {
	ts := newTileServer(t)
	cases := []struct {
		path   string
		status int
		code   string
		field  string
	}{
		{"/tiles/zones/19/0/0.mvt", 400, "invalid_tile", "z"},
		{"/tiles/zones/8/256/100.mvt", 400, "invalid_tile", "x"},
		{"/tiles/zones/8/100/256.mvt", 400, "invalid_tile", "y"},
		{"/tiles/zones/8/100/abc.mvt", 400, "invalid_tile", "y"},
		{"/tiles/zones/z/1/1.mvt", 400, "invalid_tile", "z"},
		{"/tiles/zones/8/-1/1.mvt", 400, "invalid_tile", "x"},
		{"/tiles/roads/8/1/1.mvt", 404, "unknown_tileset", "tileset"},
		{"/tiles/roads.json", 404, "unknown_tileset", "tileset"},
		{"/tiles/zones/8/1/1.mvt?layers=nope", 400, "unknown_layer", "layers"},
		{"/tiles/zones/8/1/1.mvt?at=yesterday", 400, "invalid_time", "at"},
	}
	for _, tc := range cases {
		resp, body := ts.get(t, tc.path)
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != tc.status || e.Error.Code != tc.code ||
			e.Error.Field != tc.field || e.Error.Message == "" {
			t.Errorf("GET %s = %d %s; want %d %s field %s", tc.path, resp.StatusCode, body, tc.status, tc.code, tc.field)
		}
	}
}

// After a publish and catch-up the next tile shows the new geometry under
// a new ETag; the old ETag no longer revalidates.
func TestTileNeverStaleAfterPublish(t *testing.T) {
	ts := newTileServer(t)
	tl := maptile.At(linfenCentre, 12)
	resp, body := ts.get(t, tilePath(tl))
	oldTag := resp.Header.Get("ETag")
	before := coalBanBound(t, body)

	// The new version: a small square at the centre, valid since always.
	c := linfenCentre
	sq := orb.Polygon{{{c[0] - 0.01, c[1] - 0.01}, {c[0] + 0.01, c[1] - 0.01}, {c[0] + 0.01, c[1] + 0.01}, {c[0] - 0.01, c[1] + 0.01}, {c[0] - 0.01, c[1] - 0.01}}}
	z := &geo.Zone{Layer: "coal_ban", ID: "cb-141002", Kind: geo.KindCoalBan, Name: "尧都区禁煤区", Geometry: sq}
	ctx := context.Background()
	if err := data.Publish(ctx, ts.Store, []*geo.Zone{z}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Follower.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	resp, body = ts.get(t, tilePath(tl), "If-None-Match", oldTag)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == oldTag {
		t.Fatalf("after publish: status %d ETag %q (old %q)", resp.StatusCode, resp.Header.Get("ETag"), oldTag)
	}
	after := coalBanBound(t, body)
	want := orb.Bound{Min: project(tl, orb.Point{c[0] - 0.01, c[1] + 0.01}), Max: project(tl, orb.Point{c[0] + 0.01, c[1] - 0.01})}
	if !near(after.Min, want.Min) || !near(after.Max, want.Max) || before == after {
		t.Errorf("cb-141002 after publish spans %v, want the new square %v (before: %v)", after, want, before)
	}
}

// coalBanBound decodes a tile and returns the bound of cb-141002.
func coalBanBound(t *testing.T, body []byte) orb.Bound {
	t.Helper()
	ls, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		for _, f := range l.Features {
			if l.Name == "coal_ban" && f.Properties["id"] == "cb-141002" {
				return f.Geometry.Bound()
			}
		}
	}
	t.Fatal("cb-141002 missing from the tile")
	return orb.Bound{}
}

// project maps lon/lat to tile units with orb's MVT projection.
func project(tl maptile.Tile, p orb.Point) orb.Point {
	l := &mvt.Layer{Extent: 4096, Features: []*geojson.Feature{geojson.NewFeature(p)}}
	l.ProjectToTile(tl)
	return l.Features[0].Geometry.(orb.Point)
}

func near(a, b orb.Point) bool {
	return abs(a[0]-b[0]) <= 1 && abs(a[1]-b[1]) <= 1
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestTileJSONEndpoint(t *testing.T) {
	ts := newTileServer(t)
	resp, body := ts.get(t, "/tiles/zones.json?at=2020-11-01", "X-Forwarded-Proto", "https")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %s", resp.StatusCode, body)
	}
	// The layer list follows publishes at once, like the style.
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache", cc)
	}
	var tj struct {
		TileJSON     string   `json:"tilejson"`
		Tiles        []string `json:"tiles"`
		VectorLayers []struct {
			ID     string            `json:"id"`
			Fields map[string]string `json:"fields"`
		} `json:"vector_layers"`
		Bounds  []float64 `json:"bounds"`
		MinZoom *int      `json:"minzoom"`
		MaxZoom *int      `json:"maxzoom"`
	}
	if err := json.Unmarshal(body, &tj); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(ts.URL, "http://")
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != "https://"+host+"/tiles/zones/{z}/{x}/{y}.mvt?at=2020-11-01" {
		t.Errorf("tilejson %q tiles %v", tj.TileJSON, tj.Tiles)
	}
	// Every demo layer, in the order of GET /v1/layers (by id).
	layers, _ := demo.Region()
	var ids []string
	for _, l := range layers {
		ids = append(ids, l.ID)
	}
	sort.Strings(ids)
	if len(tj.VectorLayers) != len(ids) {
		t.Fatalf("%d vector_layers, want %d", len(tj.VectorLayers), len(ids))
	}
	for i, id := range ids {
		if tj.VectorLayers[i].ID != id || tj.VectorLayers[i].Fields["name"] != "String" {
			t.Errorf("vector_layers[%d] = %+v, want %s", i, tj.VectorLayers[i], id)
		}
	}
	if f := tj.VectorLayers[1].Fields; f["excluded"] != "String" || f["adcode"] != "Number" || f["synthetic"] != "Boolean" {
		t.Errorf("burn_ban fields %v", f)
	}
	if len(tj.Bounds) != 4 || !(tj.Bounds[0] < linfenCentre[0] && linfenCentre[0] < tj.Bounds[2] && tj.Bounds[1] < linfenCentre[1] && linfenCentre[1] < tj.Bounds[3]) {
		t.Errorf("bounds %v do not hold Linfen", tj.Bounds)
	}
	if tj.MinZoom == nil || *tj.MinZoom != 0 || tj.MaxZoom == nil || *tj.MaxZoom != 18 {
		t.Errorf("zoom range %v..%v", tj.MinZoom, tj.MaxZoom)
	}
}

// With the tile cache off (serve --tile-cache-mb -1, as the peer
// benchmark runs) a tile is rendered per request and compressed only for
// a client that accepts gzip: the same bytes, headers and tags as with
// the cache, and no more than 32 allocations for a raw tile of small
// polygons through the whole router.
func TestTileUncached(t *testing.T) { // not parallel: AllocsPerRun
	cached := newTileServer(t)
	ts := &tileServer{apitest.New(t, func(o *api.Options) { o.Map.TileCacheBytes = -1 })}
	path := tilePath(maptile.At(linfenCentre, 12))
	for _, enc := range []string{"identity", "gzip"} {
		want, wantBody := cached.get(t, path, "Accept-Encoding", enc)
		got, body := ts.get(t, path, "Accept-Encoding", enc)
		if got.StatusCode != http.StatusOK || !bytes.Equal(body, wantBody) {
			t.Errorf("%s: status %d, %d bytes; with the cache %d bytes", enc, got.StatusCode, len(body), len(wantBody))
		}
		for _, h := range []string{"ETag", "Content-Encoding", "Content-Type", "Content-Length", "Cache-Control", "Vary"} {
			if got.Header.Get(h) != want.Header.Get(h) {
				t.Errorf("%s: %s %q, with the cache %q", enc, h, got.Header.Get(h), want.Header.Get(h))
			}
		}
		if resp, _ := ts.get(t, path, "If-None-Match", want.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s tag revalidates a raw request with %d, want 304", enc, resp.StatusCode)
		}
	}

	// The counties alone, as the harness asks for its one layer.
	req := httptest.NewRequest(http.MethodGet, path+"?layers="+demo.LayerCounties, nil)
	w := newReuseWriter()
	serve := func() {
		w.reset()
		ts.API.ServeHTTP(w, req)
		if w.status != http.StatusOK || w.header.Get("Content-Encoding") != "" {
			t.Fatalf("status %d, headers %v", w.status, w.header)
		}
	}
	serve()
	if raceEnabled {
		return // pooled frames are dropped at random under -race
	}
	if n := testing.AllocsPerRun(100, serve); n > 32 {
		t.Errorf("%v allocations per uncached raw tile, want at most 32", n)
	}
}
