package tiles_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/tiles"
)

var update = flag.Bool("update", false, "rewrite the golden tiles in testdata")

// goldenTiles are demo-region tiles around Linfen city from county scale to
// street scale, plus one on the region's west edge.
var goldenTiles = []maptile.Tile{
	maptile.At(linfen, 6),
	maptile.At(linfen, 8),
	maptile.At(linfen, 10),
	maptile.At(linfen, 12),
	maptile.At(linfen, 14),
	maptile.At(orb.Point{110.45, 36.1}, 11), // the west edge of the region
}

// TestGoldenTiles renders fixed tiles of the demo region and compares them,
// decoded, with testdata/z-x-y.mvt: the same layers, features (by id) and
// properties, the same geometry structure, every coordinate within one
// tile unit. Run with -update to rewrite the files after an intended
// change, and look at the diff of the feature counts it logs.
func TestGoldenTiles(t *testing.T) {
	ts, ix, _ := demoSet(t)
	for _, tile := range goldenTiles {
		name := fmt.Sprintf("%d-%d-%d.mvt", tile.Z, tile.X, tile.Y)
		t.Run(name, func(t *testing.T) {
			b, err := tiles.Encode(ix.Snapshot(), ts, tile, at2020, tiles.Options{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			compareTiles(t, decode(t, b), decode(t, want))
		})
	}
}

func compareTiles(t *testing.T, got, want mvt.Layers) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d layers, golden has %d", len(got), len(want))
	}
	for i, wl := range want {
		gl := got[i]
		if gl.Name != wl.Name || len(gl.Features) != len(wl.Features) {
			t.Fatalf("layer %d: %s with %d features, golden %s with %d", i, gl.Name, len(gl.Features), wl.Name, len(wl.Features))
		}
		t.Logf("layer %s: %d features", wl.Name, len(wl.Features))
		for k, wf := range wl.Features {
			gf := gl.Features[k]
			if !reflect.DeepEqual(gf.Properties, wf.Properties) || gf.ID != wf.ID {
				t.Errorf("layer %s feature %d: id %v %v, golden %v %v", wl.Name, k, gf.ID, gf.Properties, wf.ID, wf.Properties)
				continue
			}
			if !geometryNear(gf.Geometry, wf.Geometry, 1) {
				t.Errorf("layer %s feature %v: geometry differs from golden by more than 1 unit", wl.Name, wf.Properties["id"])
			}
		}
	}
}

// geometryNear reports whether a and b have the same type and structure
// and every coordinate within tol.
func geometryNear(a, b orb.Geometry, tol float64) bool {
	pa, pb := flatten(a), flatten(b)
	if a.GeoJSONType() != b.GeoJSONType() || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if len(pa[i]) != len(pb[i]) {
			return false
		}
		for k := range pa[i] {
			if !near(pa[i][k], pb[i][k], tol) {
				return false
			}
		}
	}
	return true
}

// flatten lists g's point sequences (rings, lines or points) in order.
func flatten(g orb.Geometry) [][]orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return [][]orb.Point{{g}}
	case orb.MultiPoint:
		return [][]orb.Point{g}
	case orb.LineString:
		return [][]orb.Point{g}
	case orb.MultiLineString:
		var out [][]orb.Point
		for _, l := range g {
			out = append(out, l)
		}
		return out
	case orb.Polygon:
		var out [][]orb.Point
		for _, r := range g {
			out = append(out, r)
		}
		return out
	case orb.MultiPolygon:
		var out [][]orb.Point
		for _, p := range g {
			out = append(out, flatten(p)...)
		}
		return out
	}
	return nil
}

// The demo tiles hold exactly the demo zones whose geometry meets the tile
// (brute force: clip every active zone to the tile in lon/lat), except
// sub-pixel ones, with their properties.
func TestDemoTilesHoldTheirZones(t *testing.T) {
	ts, ix, zones := demoSet(t)
	for _, tile := range goldenTiles[2:5] { // z10..z14: nothing is sub-pixel there
		b, err := tiles.Encode(ix.Snapshot(), ts, tile, at2020, tiles.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]map[string]bool{}
		for _, l := range decode(t, b) {
			got[l.Name] = map[string]bool{}
			for _, f := range l.Features {
				got[l.Name][f.Properties["id"].(string)] = true
				z := findZone(zones, l.Name, f.Properties["id"].(string))
				if f.Properties["name"] != z.Name || f.Properties["kind"] != string(z.Kind) {
					t.Errorf("%v %s/%s: properties %v", tile, l.Name, z.ID, f.Properties)
				}
			}
		}
		inner := tile.Bound() // without the buffer: zones here must be present
		for _, z := range zones {
			if !z.Validity.Contains(at2020) || !touches(inner, z.Geometry) {
				continue
			}
			if !got[z.Layer][z.ID] {
				t.Errorf("tile %v: zone %s/%s meets the tile but is missing", tile, z.Layer, z.ID)
			}
		}
	}
}

func findZone(zs []*geo.Zone, layer, id string) *geo.Zone {
	for _, z := range zs {
		if z.Layer == layer && z.ID == id {
			return z
		}
	}
	return nil
}

// touches reports whether g has a vertex in b or an edge crossing it,
// judged by orb's clipper.
func touches(b orb.Bound, g orb.Geometry) bool {
	if !b.Intersects(g.Bound()) {
		return false
	}
	return clipNonEmpty(b, orb.Clone(g))
}

func clipNonEmpty(b orb.Bound, g orb.Geometry) bool {
	c := clip.Geometry(b, g)
	if c == nil {
		return false
	}
	switch c := c.(type) {
	case orb.Polygon:
		return len(c) > 0 && planar.Area(c) > 0
	case orb.MultiPolygon:
		return len(c) > 0 && planar.Area(c) > 0
	}
	return true
}
