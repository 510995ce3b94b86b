package sqlite

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"
	"github.com/twpayne/go-geom/encoding/wkbcommon"
	"github.com/zonegate/zonegate/geo"
)

func TestEncodeGeometryHeader(t *testing.T) {
	b, env, err := encodeGeometry(orb.LineString{{1, 2}, {3, -4}})
	if err != nil {
		t.Fatal(err)
	}
	if env != (envelope{1, -4, 3, 2}) {
		t.Errorf("envelope = %+v, want {1 -4 3 2}", env)
	}
	if string(b[:2]) != "GP" || b[2] != 0 || b[3] != 0x03 || binary.LittleEndian.Uint32(b[4:]) != 4326 {
		t.Errorf("header = % x, want 47 50 00 03 e6 10 00 00", b[:8])
	}
	var got [4]float64
	for i := range got {
		got[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8+8*i:]))
	}
	if got != [4]float64{1, 3, -4, 2} {
		t.Errorf("envelope bytes = %v, want [minx maxx miny maxy] = [1 3 -4 2]", got)
	}
}

func TestEncodeGeometryRejects(t *testing.T) {
	cases := map[string]orb.Geometry{
		"nil":          nil,
		"empty line":   orb.LineString{},
		"empty multi":  orb.MultiPolygon{},
		"NaN":          orb.Point{math.NaN(), 0},
		"Inf in ring":  orb.Polygon{{{0, 0}, {math.Inf(1), 0}, {0, 1}, {0, 0}}},
		"collection":   orb.Collection{orb.Point{1, 1}},
		"bare ring":    orb.Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}},
		"bound":        orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}},
		"NaN in multi": orb.MultiPoint{{0, 0}, {math.NaN(), 1}},
	}
	for name, g := range cases {
		if _, _, err := encodeGeometry(g); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%s: err = %v, want geo.ErrInvalid", name, err)
		}
	}
}

func TestDecodeForeignBlobs(t *testing.T) {
	// A blob as another GeoPackage writer may produce it: big-endian header,
	// no envelope, XYZ big-endian WKB. Z is dropped.
	body, err := wkb.Marshal(geom.NewLineStringFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6}), wkb.XDR)
	if err != nil {
		t.Fatal(err)
	}
	blob := append([]byte{'G', 'P', 0, 0x00, 0, 0, 0x10, 0xe6}, body...)
	g, err := decodeGeometry(blob)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if want := (orb.LineString{{1, 2}, {4, 5}}); !orb.Equal(g, want) {
		t.Errorf("decoded %v, want %v", g, want)
	}
	for name, bad := range map[string][]byte{
		"short":        {'G', 'P'},
		"magic":        append([]byte{'X', 'P', 0, 1, 0, 0, 0, 0}, body...),
		"version":      append([]byte{'G', 'P', 1, 1, 0, 0, 0, 0}, body...),
		"envelope 5":   append([]byte{'G', 'P', 0, 5 << 1, 0, 0, 0, 0}, body...),
		"huge count":   {'G', 'P', 0, 1, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f},
		"trailing":     append(append([]byte{'G', 'P', 0, 0, 0, 0, 0, 0}, body...), 0),
		"empty point":  mustWKB(t, geom.NewPointEmpty(geom.XY)),
		"collection":   mustWKB(t, geom.NewGeometryCollection()),
		"deep nesting": nested(20),
	} {
		if _, err := decodeGeometry(bad); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

// wkbEmptyNaN lets go-geom write an empty point (as NaN coordinates).
var wkbEmptyNaN = []wkbcommon.WKBOption{wkbcommon.WKBOptionEmptyPointHandling(wkbcommon.EmptyPointHandlingNaN)}

// mustWKB wraps g's WKB in a GP header without envelope.
func mustWKB(t *testing.T, g geom.T) []byte {
	t.Helper()
	body, err := wkb.Marshal(g, wkb.NDR, wkbEmptyNaN...)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte{'G', 'P', 0, 1, 0, 0, 0, 0}, body...)
}

// nested is a GP blob of depth geometry collections, each holding the next.
func nested(depth int) []byte {
	b := []byte{'G', 'P', 0, 1, 0, 0, 0, 0}
	for range depth {
		b = append(b, 1, 7, 0, 0, 0, 1, 0, 0, 0)
	}
	return append(b, 1, 7, 0, 0, 0, 0, 0, 0, 0)
}

func FuzzDecodeGeometry(f *testing.F) {
	for _, g := range []orb.Geometry{
		orb.Point{1, 2},
		orb.MultiPoint{{1, 2}, {3, 4}},
		orb.LineString{{1, 2}, {3, 4}},
		orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {{0.1, 0.1}, {0.2, 0.1}, {0.2, 0.2}, {0.1, 0.1}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}},
	} {
		b, _, err := encodeGeometry(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decodeGeometry(b)
		if err != nil {
			return
		}
		// What decodes must re-encode and decode to the same geometry,
		// unless it is one the store refuses to write (empty, non-finite).
		again, _, err := encodeGeometry(g)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) {
				t.Fatalf("re-encode %v: %v", g, err)
			}
			return
		}
		g2, err := decodeGeometry(again)
		if err != nil || !orb.Equal(g, g2) {
			t.Fatalf("round trip of %v: %v, %v", g, g2, err)
		}
	})
}
