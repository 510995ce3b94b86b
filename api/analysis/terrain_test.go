package analysis_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"math"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/raster"
)

// flatDEM is 450 m everywhere on [111, 111.2]×[36, 36.2].
func flatDEM(t testing.TB) *raster.Grid {
	g := apitest.PlaneGrid(t)
	for i := range g.Data {
		g.Data[i] = 450
	}
	return g
}

func TestTerrainElevation(t *testing.T) {
	ts := apitest.New(t, apitest.WithDEMs(terrain.DEM{Name: "plane", Grid: apitest.PlaneGrid(t)}))
	gcj := crs.FromWGS84(orb.Point{111.1, 36.1}, crs.GCJ02)
	tests := []struct {
		name   string
		query  string
		status int
		elev   float64
		pos    orb.Point
		code   string
		field  string
	}{
		{"on a sample", "lon=111.05&lat=36.1", 200, 200, orb.Point{111.05, 36.1}, "", ""},
		{"between samples", "lon=111.0504&lat=36.1002", 200, 200.5, orb.Point{111.0504, 36.1002}, "", ""},
		{"corner of the DEM", "lon=111.2&lat=36.2", 200, 400, orb.Point{111.2, 36.2}, "", ""},
		{"GCJ-02 input", "lon=" + ftoa(gcj[0]) + "&lat=" + ftoa(gcj[1]) + "&crs=gcj02", 200, 250, orb.Point{111.1, 36.1}, "", ""},
		{"outside", "lon=111.3&lat=36.1", 404, 0, orb.Point{}, "outside_dem", "lon"},
		{"latitude out of range", "lon=111.1&lat=91", 400, 0, orb.Point{}, "invalid_point", "lat"},
		{"not a number", "lon=abc&lat=36.1", 400, 0, orb.Point{}, "invalid_point", "lon"},
		{"missing lat", "lon=111.1", 400, 0, orb.Point{}, "invalid_point", "lat"},
		{"unknown crs", "lon=111.1&lat=36.1&crs=mars", 400, 0, orb.Point{}, "invalid_crs", "crs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodGet, "/v1/terrain/elevation?"+tc.query, "", "")
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if tc.status != 200 {
				var e struct {
					Error struct{ Code, Field string }
				}
				if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != tc.code || e.Error.Field != tc.field {
					t.Errorf("error %s, want code %s field %s", body, tc.code, tc.field)
				}
				return
			}
			var got struct {
				ElevationM float64   `json:"elevation_m"`
				DEM        string    `json:"dem"`
				Position   orb.Point `json:"position"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got.DEM != "plane" || math.Abs(got.Position[0]-tc.pos[0]) > 1e-6 || math.Abs(got.Position[1]-tc.pos[1]) > 1e-6 {
				t.Errorf("answer %s, want dem plane at %v", body, tc.pos)
			}
			// The plane's value rounded to 0.1 m, at the returned position.
			want := math.Round(apitest.PlaneZ(got.Position[0], got.Position[1])*10) / 10
			if got.ElevationM != want || math.Abs(want-tc.elev) > 0.05 {
				t.Errorf("elevation_m %v, want %v (≈ %v)", got.ElevationM, want, tc.elev)
			}
		})
	}
	// Without DEMs every point is outside.
	bare := apitest.New(t)
	if status, _, body := bare.Do(t, http.MethodGet, "/v1/terrain/elevation?lon=111.1&lat=36.1", "", ""); status != 404 || !bytes.Contains(body, []byte("outside_dem")) {
		t.Errorf("no DEMs: %d %s, want 404 outside_dem", status, body)
	}
}

func ftoa(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestTerrainHillshadeTile(t *testing.T) {
	ts := apitest.New(t, apitest.WithDEMs(terrain.DEM{Name: "flat", Grid: flatDEM(t)}))
	tile := maptile.At(orb.Point{111.1, 36.1}, 13)
	path := terrainTilePath("hillshade", tile, ".png")
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	img, err := png.Decode(resp.Body)
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d %s %v", path, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("flat, fully covered tile decodes as %T, want grey", img)
	}
	want := uint8(math.Round(255 * math.Sin(math.Pi/4)))
	for i, v := range g.Pix {
		if v != want {
			t.Fatalf("pixel %d = %d, want %d (255·sin 45°)", i, v, want)
		}
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if status, _, _ := ts.Do(t, http.MethodGet, path, "", "", "If-None-Match", etag); status != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", status)
	}
	// Outside the DEM: a transparent tile.
	status, ct, body := ts.Do(t, http.MethodGet, terrainTilePath("hillshade", maptile.At(orb.Point{100, 30}, 13), ".png"), "", "")
	if status != 200 || ct != "image/png" {
		t.Fatalf("outside: %d %s", status, ct)
	}
	img, err = png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := img.At(128, 128).RGBA(); a != 0 {
		t.Errorf("outside the DEM: alpha %d, want 0", a)
	}
	if status, _, body := ts.Do(t, http.MethodGet, "/tiles/hillshade/3/9/1.png", "", ""); status != 400 || !bytes.Contains(body, []byte("invalid_tile")) {
		t.Errorf("bad tile: %d %s", status, body)
	}
}

func TestTerrainContourTile(t *testing.T) {
	ts := apitest.New(t, apitest.WithDEMs(terrain.DEM{Name: "plane", Grid: apitest.PlaneGrid(t)}))
	// z12: 50 m interval; the plane rises 1000 m per degree of longitude
	// and 500 m per degree of latitude, so the tile holds straight lines.
	tile := maptile.At(orb.Point{111.1, 36.1}, 12)
	status, ct, body := ts.Do(t, http.MethodGet, terrainTilePath("contours", tile, ".mvt"), "", "")
	if status != 200 || ct != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("status %d %s: %s", status, ct, body)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil || len(layers) != 1 || layers[0].Name != "contours" || len(layers[0].Features) == 0 {
		t.Fatalf("layers %v, %v", layers, err)
	}
	layers.ProjectToWGS84(tile)
	for _, f := range layers[0].Features {
		level := f.Properties["elevation_m"].(float64)
		if math.Mod(level, 50) != 0 || f.Properties["major"] != (math.Mod(level, 250) == 0) {
			t.Errorf("feature properties %v", f.Properties)
		}
		var pts []orb.Point
		switch g := f.Geometry.(type) {
		case orb.LineString:
			pts = g
		case orb.MultiLineString:
			for _, ls := range g {
				pts = append(pts, ls...)
			}
		}
		for _, p := range pts {
			// One tile unit at z12 is ~2 m; the plane rises 1 m per 0.001°.
			if z := apitest.PlaneZ(p[0], p[1]); math.Abs(z-level) > 0.5 {
				t.Fatalf("level %g: vertex %v is at %.2f m", level, p, z)
			}
		}
	}
	if status, _, _ := ts.Do(t, http.MethodGet, terrainTilePath("contours", maptile.At(orb.Point{100, 30}, 12), ".mvt"), "", ""); status != http.StatusNoContent {
		t.Errorf("outside the DEM: status %d, want 204", status)
	}
	for _, set := range []string{"hillshade", "contours"} {
		var tj struct {
			TileJSON string     `json:"tilejson"`
			Tiles    []string   `json:"tiles"`
			Bounds   [4]float64 `json:"bounds"`
		}
		ts.GetJSON(t, "/tiles/"+set+".json", &tj)
		if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Bounds != [4]float64{111, 36, 111.2, 36.2} {
			t.Errorf("%s TileJSON %+v", set, tj)
		}
	}
}

func terrainTilePath(set string, t maptile.Tile, ext string) string {
	return "/tiles/" + set + "/" + terrainItoa(int(t.Z)) + "/" + terrainItoa(int(t.X)) + "/" + terrainItoa(int(t.Y)) + ext
}

func terrainItoa(v int) string { b, _ := json.Marshal(v); return string(b) }
