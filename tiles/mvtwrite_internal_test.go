package tiles

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/geo"
)

// The tile writer must give tiles that orb's decoder reads exactly as it
// reads orb's own encoding of the same layers: every geometry type, every
// scalar property type, shared and distinct keys and values, several
// layers.
func TestTileWriterMatchesOrb(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 21), 5))
	pt := func() orb.Point { return orb.Point{float64(rng.IntN(4224) - 64), float64(rng.IntN(4224) - 64)} }
	ring := func() orb.Ring {
		r := orb.Ring{pt(), pt(), pt(), pt()}
		return append(r, r[0])
	}
	values := []any{"a", "b", "", 1, int8(-2), int16(3), int32(-4), int64(1 << 40), uint(5), uint8(6), uint16(7), uint32(8), uint64(1 << 50), float32(1.5), 2.25, -0.0, true, false}
	var want mvt.Layers
	w := newTileWriter()
	for li, name := range []string{"one", "two", "three"} {
		l := &mvt.Layer{Name: name, Version: 2, Extent: 4096}
		for k := range 20 + li {
			var g orb.Geometry
			var gw geomWriter
			typ := 0
			switch k % 5 {
			case 0:
				p := pt()
				g, typ = p, geomPoint
				gw.points([]orb.Point{p})
			case 1:
				mp := orb.MultiPoint{pt(), pt(), pt()}
				g, typ = mp, geomPoint
				gw.points(mp)
			case 2:
				ls := orb.LineString{pt(), pt(), pt()}
				g, typ = ls, geomLineString
				gw.line(ls)
			case 3:
				p := orb.Polygon{ring(), ring()}
				g, typ = p, geomPolygon
				gw.ring(p[0])
				gw.ring(p[1])
			case 4:
				mp := orb.MultiPolygon{{ring()}, {ring(), ring()}}
				g, typ = mp, geomPolygon
				for _, p := range mp {
					for _, r := range p {
						gw.ring(r)
					}
				}
			}
			props := geojson.Properties{"id": k, "layer": name}
			for range 3 {
				props[string(rune('a'+rng.IntN(6)))] = values[rng.IntN(len(values))]
			}
			id := rng.Uint64() & (1<<53 - 1)
			l.Features = append(l.Features, &geojson.Feature{ID: id, Geometry: g, Properties: props})
			w.feature(id, sortedProps(t, props), typ, gw.buf)
		}
		w.endLayer(name, 4096)
		want = append(want, l)
	}
	wb, err := mvt.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	gotL, err := mvt.Unmarshal(w.out)
	if err != nil {
		t.Fatalf("orb cannot decode the writer's tile: %v", err)
	}
	wantL, err := mvt.Unmarshal(wb)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotL, wantL) {
		t.Fatalf("decoded tiles differ:\ngot  %v\nwant %v", gotL, wantL)
	}
	if _, ok := valueOf(struct{}{}); ok {
		t.Error("valueOf accepts a struct; want false")
	}
}

// sortedProps returns p as the writer takes properties.
func sortedProps(t *testing.T, p geojson.Properties) []prop {
	t.Helper()
	var out []prop
	for k, v := range p {
		mv, ok := valueOf(v)
		if !ok {
			t.Fatalf("property %s: %T has no MVT value", k, v)
		}
		out = append(out, prop{k, mv})
	}
	slices.SortFunc(out, func(a, b prop) int { return strings.Compare(a.key, b.key) })
	return out
}

// A level's pre-encoded ring must be the very bytes the writer gives for
// the same ring translated into the tile.
func TestLevelRingBytesMatchRing(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t, 22), 5))
	for range 200 {
		x0, y0 := float64(rng.IntN(1<<18))*4096, float64(rng.IntN(1<<18))*4096 // world units below maxLevelScale
		var out orb.Ring
		for range 3 + rng.IntN(50) {
			out = pushVertex(out, orb.Point{x0 + float64(rng.IntN(4000)), y0 + float64(rng.IntN(4000))})
		}
		out = trimSeam(out)
		lv := newLevel(out, true)
		if lv.n == 0 {
			continue
		}
		var a, b geomWriter
		a.cx, a.cy, b.cx, b.cy = 7, -9, 7, -9
		a.levelRing(&lv, int32(x0), int32(y0))
		tr := make(orb.Ring, 0, len(out)+1)
		for _, p := range out { // newLevel wound out in place
			tr = append(tr, orb.Point{p[0] - x0, p[1] - y0})
		}
		b.ring(append(tr, tr[0]))
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("level ring writes %v (cursor %d,%d), ring writes %v (cursor %d,%d)", a.buf, a.cx, a.cy, b.buf, b.cx, b.cy)
		}
		if area2(tr) <= 0 {
			t.Fatalf("shell level wound with area %v, want > 0", area2(tr))
		}
	}
}

// appendProps: zonegate properties shadow the zone's own, valid_from and
// valid_to only when set; nested values become JSON text, nulls vanish;
// the result is sorted by key.
func TestAppendPropsShadowing(t *testing.T) {
	from := time.Date(2020, 5, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	z := &geo.Zone{ID: "z1", Name: "Zone", Kind: geo.KindCustom, Layer: "l", Version: 4,
		Validity: geo.Validity{From: from},
		Properties: map[string]any{"id": "other", "name": "other", "valid_from": "other", "valid_to": "kept",
			"n": 2.5, "nested": map[string]any{"a": 1}, "null": nil, "count": 3}}
	got, err := appendProps(nil, z)
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) mvtValue { return mvtValue{field: 1, s: s} }
	want := []prop{
		{"count", sint(3)}, {"id", str("z1")}, {"kind", str(string(geo.KindCustom))}, {"layer", str("l")},
		{"n", mvtValue{field: 3, bits: math.Float64bits(2.5)}}, {"name", str("Zone")}, {"nested", str(`{"a":1}`)},
		{"valid_from", str("2020-05-14T16:00:00Z")}, {"valid_to", str("kept")}, {"version", sint(4)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("appendProps = %v\nwant %v", got, want)
	}
}

// appendProps of zones with no properties of their own (which it appends
// in key order without sorting), behind what dst already holds.
func TestAppendPropsZoneFieldsOnly(t *testing.T) {
	str := func(s string) mvtValue { return mvtValue{field: 1, s: s} }
	held := []prop{{"zz", str("left alone")}}
	for _, tc := range []struct {
		validity geo.Validity
		props    map[string]any
		want     []prop
	}{
		{want: []prop{{"id", str("p7")}, {"kind", str("coal_ban")}, {"layer", str("cb")}, {"name", str("")}, {"version", sint(2)}}},
		{props: map[string]any{"id": "shadowed", "name": "shadowed"},
			validity: geo.Validity{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)},
			want: []prop{{"id", str("p7")}, {"kind", str("coal_ban")}, {"layer", str("cb")}, {"name", str("")},
				{"valid_from", str("2020-01-01T00:00:00Z")}, {"valid_to", str("2021-01-01T00:00:00Z")}, {"version", sint(2)}}},
		{props: map[string]any{"a": "first"}, validity: geo.Validity{To: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)},
			want: []prop{{"a", str("first")}, {"id", str("p7")}, {"kind", str("coal_ban")}, {"layer", str("cb")}, {"name", str("")},
				{"valid_to", str("2021-01-01T00:00:00Z")}, {"version", sint(2)}}},
	} {
		z := &geo.Zone{ID: "p7", Kind: geo.KindCoalBan, Layer: "cb", Version: 2, Validity: tc.validity, Properties: tc.props}
		got, err := appendProps(slices.Clone(held), z)
		if err != nil {
			t.Fatal(err)
		}
		if want := append(slices.Clone(held), tc.want...); !reflect.DeepEqual(got, want) {
			t.Errorf("appendProps = %v\nwant %v", got, want)
		}
	}
}

// A fresh writer building a 1 MB layer allocates the layer once (in
// blocks) and the tile, not the five times the layer that growing one
// slice by append costs: that is the first large tile after a start.
func TestTileWriterLayerGrowth(t *testing.T) {
	geom := make([]byte, 64)
	props := []prop{{key: "id", val: mvtValue{field: 5, bits: 1}}}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	w := newTileWriter()
	for i := range 15_000 {
		w.feature(uint64(i), props, geomPolygon, geom)
	}
	w.endLayer("big", 4096)
	runtime.ReadMemStats(&ms1)
	tile := len(w.out)
	if tile < 1<<20 {
		t.Fatalf("tile %d bytes, want a layer over 1 MB", tile)
	}
	if got := ms1.TotalAlloc - ms0.TotalAlloc; got > uint64(2.2*float64(tile)) {
		t.Fatalf("building a %d-byte tile allocated %d bytes (%.1f×); want at most 2.2× (the layer's blocks and the tile)",
			tile, got, float64(got)/float64(tile))
	}
}
