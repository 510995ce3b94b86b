package tiles_test

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

var from2020 = time.Date(2020, 5, 14, 16, 0, 0, 0, time.UTC)

// smallSet is a hand-made data set: a square with a hole, a zone not yet
// valid, a line and a point, in four layers.
func smallSet() (tiles.Tileset, *index.Snapshot) {
	sq := &geo.Zone{
		Layer: "bans", ID: "sq", Version: 3, Kind: geo.KindCoalBan, Name: "Square", Status: geo.StatusPublished, Revision: 7,
		Validity:   geo.Validity{From: from2020},
		Properties: map[string]any{"synthetic": true, "n": 2.5, "nested": map[string]any{"a": 1.0}, "id": "shadowed", "gone": nil},
		Geometry: orb.Polygon{
			{{111.40, 36.00}, {111.60, 36.00}, {111.60, 36.20}, {111.40, 36.20}, {111.40, 36.00}},
			{{111.45, 36.05}, {111.45, 36.10}, {111.50, 36.10}, {111.50, 36.05}, {111.45, 36.05}},
		},
	}
	future := &geo.Zone{
		Layer: "bans", ID: "later", Version: 1, Kind: geo.KindCoalBan, Name: "Later", Status: geo.StatusPublished, Revision: 8,
		Validity: geo.Validity{From: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		Geometry: orb.Polygon{{{111.41, 36.01}, {111.59, 36.01}, {111.59, 36.19}, {111.41, 36.01}}},
	}
	route := &geo.Zone{
		Layer: "routes", ID: "G108", Version: 1, Kind: geo.KindCoalRoute, Name: "G108", Status: geo.StatusPublished, Revision: 9,
		Geometry: orb.LineString{{111.30, 36.15}, {111.50, 36.16}, {111.70, 36.15}},
	}
	stop := &geo.Zone{
		Layer: "stops", ID: "cp1", Version: 2, Kind: geo.KindCheckpoint, Name: "Checkpoint 1", Status: geo.StatusPublished, Revision: 10,
		Validity: geo.Validity{To: time.Date(2021, 3, 31, 16, 0, 0, 0, time.UTC)},
		Geometry: orb.Point{111.52, 36.12},
	}
	ix := index.New()
	ix.Apply(sq, future, route, stop)
	ts := tiles.Tileset{Name: "small", Layers: []geo.Layer{
		{ID: "bans", Kind: geo.KindCoalBan}, {ID: "empty", Kind: geo.KindBurnBan},
		{ID: "routes", Kind: geo.KindCoalRoute}, {ID: "stops", Kind: geo.KindCheckpoint},
	}}
	return ts, ix.Snapshot()
}

// mvtArea2 is twice the signed area of a ring by the MVT 2.1 formula
// (positive: exterior).
func mvtArea2(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s
}

// sameVertices reports whether the closed rings got and want have the same
// vertices within tol, whatever the start and direction.
func sameVertices(got, want orb.Ring, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for _, set := range [2][2]orb.Ring{{got, want}, {want, got}} {
		for _, p := range set[0] {
			found := false
			for _, q := range set[1] {
				found = found || near(p, q, tol)
			}
			if !found {
				return false
			}
		}
	}
	return true
}

func TestEncodeSmallSet(t *testing.T) {
	ts, src := smallSet()
	tile := maptile.At(orb.Point{111.5, 36.1}, 8)
	b, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ls := decode(t, b)
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
		if l.Version != 2 || l.Extent != 4096 {
			t.Errorf("layer %s: version %d extent %d, want 2 and 4096", l.Name, l.Version, l.Extent)
		}
	}
	if want := []string{"bans", "routes", "stops"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("layers %v, want %v (empty layers omitted, tileset order)", names, want)
	}

	bans := layerByName(ls, "bans")
	if len(bans.Features) != 1 {
		t.Fatalf("bans: %d features, want 1 (the zone valid from 2030 is left out)", len(bans.Features))
	}
	f := bans.Features[0]
	wantProps := map[string]any{
		"id": "sq", "name": "Square", "kind": "coal_ban", "layer": "bans", "version": 3.0,
		"valid_from": "2020-05-14T16:00:00Z", "synthetic": true, "n": 2.5, "nested": `{"a":1}`,
	}
	if !reflect.DeepEqual(map[string]any(f.Properties), wantProps) {
		t.Errorf("properties %v\nwant %v", f.Properties, wantProps)
	}
	if f.ID != float64(tiles.FeatureID("bans", "sq")) {
		t.Errorf("feature id %v, want %d", f.ID, tiles.FeatureID("bans", "sq"))
	}
	poly, ok := f.Geometry.(orb.Polygon)
	if !ok || len(poly) != 2 {
		t.Fatalf("geometry %T %v, want a polygon with one hole", f.Geometry, f.Geometry)
	}
	sq := []orb.Ring{
		{{111.40, 36.00}, {111.60, 36.00}, {111.60, 36.20}, {111.40, 36.20}, {111.40, 36.00}},
		{{111.45, 36.05}, {111.45, 36.10}, {111.50, 36.10}, {111.50, 36.05}, {111.45, 36.05}},
	}
	for i, r := range sq {
		want := make(orb.Ring, len(r))
		for k, p := range r {
			want[k] = refProject(tile, p)
		}
		if !sameVertices(poly[i], want, 1) {
			t.Errorf("ring %d = %v, want %v within 1 unit", i, poly[i], want)
		}
	}
	if mvtArea2(poly[0]) <= 0 || mvtArea2(poly[1]) >= 0 {
		t.Errorf("winding: exterior area %v (want > 0), hole %v (want < 0)", mvtArea2(poly[0]), mvtArea2(poly[1]))
	}

	routes := layerByName(ls, "routes")
	line, ok := routes.Features[0].Geometry.(orb.LineString)
	if !ok || len(line) < 2 {
		t.Fatalf("route geometry %v", routes.Features[0].Geometry)
	}
	if a, b := refProject(tile, orb.Point{111.30, 36.15}), refProject(tile, orb.Point{111.70, 36.15}); !near(line[0], a, 1) || !near(line[len(line)-1], b, 1) {
		t.Errorf("route runs %v → %v, want %v → %v", line[0], line[len(line)-1], a, b)
	}
	if _, has := routes.Features[0].Properties["valid_from"]; has {
		t.Errorf("open validity must leave valid_from out: %v", routes.Features[0].Properties)
	}

	stop := layerByName(ls, "stops").Features[0]
	if p := stop.Geometry.(orb.Point); !near(p, refProject(tile, orb.Point{111.52, 36.12}), 1) {
		t.Errorf("checkpoint at %v", p)
	}
	if stop.Properties["valid_to"] != "2021-03-31T16:00:00Z" {
		t.Errorf("checkpoint valid_to %v", stop.Properties["valid_to"])
	}
}

func TestEncodeClipsToBuffer(t *testing.T) {
	ts, src := smallSet()
	// At z12 the square spans several tiles; this one holds its south-west
	// corner, so the square is cut on two sides.
	tile := maptile.At(orb.Point{111.401, 36.001}, 12)
	b, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{})
	if err != nil {
		t.Fatal(err)
	}
	poly := layerByName(decode(t, b), "bans").Features[0].Geometry.(orb.Polygon)
	corner := refProject(tile, orb.Point{111.40, 36.00})
	want := orb.Ring{corner, {corner[0], -64}, {4096 + 64, -64}, {4096 + 64, corner[1]}, corner}
	if len(poly) != 1 || !sameVertices(poly[0], want, 1) {
		t.Errorf("clipped square = %v, want %v within 1 unit", poly, want)
	}
}

func TestEncodeEmptyAndInvalid(t *testing.T) {
	ts, src := smallSet()
	for name, tile := range map[string]maptile.Tile{
		"far_away":        maptile.At(orb.Point{0, 0}, 8),
		"inside_the_hole": maptile.At(orb.Point{111.475, 36.075}, 14),
	} {
		b, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{})
		if err != nil || len(b) != 0 {
			t.Errorf("%s: %d bytes, %v; want an empty tile", name, len(b), err)
		}
	}
	if b, err := tiles.Encode(src, tiles.Tileset{Name: "none"}, maptile.New(0, 0, 0), at2020, tiles.Options{}); err != nil || len(b) != 0 {
		t.Errorf("tileset without layers: %d bytes, %v", len(b), err)
	}
	for _, tile := range []maptile.Tile{maptile.New(0, 0, 19), maptile.New(2, 0, 1)} {
		if _, err := tiles.Encode(src, ts, tile, at2020, tiles.Options{}); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("tile %v: error %v, want geo.ErrInvalid", tile, err)
		}
	}
}

// Tiny features vanish at low zoom and appear when zoomed in.
func TestEncodeDropsSubPixelFeatures(t *testing.T) {
	tiny := &geo.Zone{Layer: "l", ID: "tiny", Version: 1, Kind: geo.KindCustom, Status: geo.StatusPublished,
		Geometry: orb.Polygon{{{111.5, 36.1}, {111.5001, 36.1}, {111.5001, 36.1001}, {111.5, 36.1001}, {111.5, 36.1}}}}
	short := &geo.Zone{Layer: "l", ID: "short", Version: 1, Kind: geo.KindCustom, Status: geo.StatusPublished,
		Geometry: orb.LineString{{111.5, 36.1}, {111.5001, 36.1}}}
	ix := index.New()
	ix.Apply(tiny, short)
	ts := tiles.Tileset{Name: "t", Layers: []geo.Layer{{ID: "l"}}}
	for _, c := range []struct {
		z    maptile.Zoom
		want int
	}{{8, 0}, {16, 2}} {
		b, err := tiles.Encode(ix.Snapshot(), ts, maptile.At(orb.Point{111.50005, 36.10005}, c.z), at2020, tiles.Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if l := layerByName(decode(t, b), "l"); l != nil {
			n = len(l.Features)
		}
		if n != c.want {
			t.Errorf("z%d: %d features, want %d", c.z, n, c.want)
		}
	}
}

// The encoder's projection agrees with orb's MVT projection to a unit at
// every zoom (orb floors, the encoder rounds).
func TestProjectionMatchesOrb(t *testing.T) {
	for z := maptile.Zoom(0); z <= tiles.MaxZoom; z++ {
		p := orb.Point{111.5186, 36.0880}
		tile := maptile.At(p, z)
		zone := &geo.Zone{Layer: "p", ID: "p", Version: 1, Kind: geo.KindCheckpoint, Status: geo.StatusPublished, Geometry: p}
		ix := index.New()
		ix.Apply(zone)
		b, err := tiles.Encode(ix.Snapshot(), tiles.Tileset{Name: "p", Layers: []geo.Layer{{ID: "p"}}}, tile, at2020, tiles.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := decode(t, b)[0].Features[0].Geometry.(orb.Point)
		if want := refProject(tile, p); !near(got, want, 1) || math.Abs(got[0]) > 4096 {
			t.Errorf("z%d: %v, orb projects to %v", z, got, want)
		}
	}
}
