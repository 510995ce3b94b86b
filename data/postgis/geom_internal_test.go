package postgis

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// seed returns the property tests' seed: $SEED, or a fixed default. It is
// printed so a failure can be replayed.
func seed(t *testing.T) uint64 {
	s := uint64(20200415)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

// randomGeometry returns a random geometry of one of the six types, with
// closed rings and arbitrary float64 coordinates.
func randomGeometry(rng *rand.Rand) orb.Geometry {
	pt := func() orb.Point {
		return orb.Point{rng.NormFloat64() * 100, rng.NormFloat64() * 50}
	}
	line := func(n int) orb.LineString {
		l := make(orb.LineString, n)
		for i := range l {
			l[i] = pt()
		}
		return l
	}
	ring := func() orb.Ring {
		r := orb.Ring(line(3 + rng.IntN(6)))
		return append(r, r[0])
	}
	poly := func() orb.Polygon {
		p := orb.Polygon{ring()}
		for range rng.IntN(3) {
			p = append(p, ring())
		}
		return p
	}
	switch rng.IntN(6) {
	case 0:
		return pt()
	case 1:
		mp := orb.MultiPoint(line(1 + rng.IntN(5)))
		return mp
	case 2:
		return line(2 + rng.IntN(8))
	case 3:
		ml := make(orb.MultiLineString, 1+rng.IntN(3))
		for i := range ml {
			ml[i] = line(2 + rng.IntN(5))
		}
		return ml
	case 4:
		return poly()
	default:
		mp := make(orb.MultiPolygon, 1+rng.IntN(3))
		for i := range mp {
			mp[i] = poly()
		}
		return mp
	}
}

// TestGeometryRoundTripProperty: encoding to EWKB through go-geom and
// decoding back gives the same geometry bit for bit (oracle: orb's own WKB
// encoding of input and output).
func TestGeometryRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 1))
	for i := range 2000 {
		g := randomGeometry(rng)
		b, err := encodeGeometry(g)
		if err != nil {
			t.Fatalf("case %d: encode %#v: %v", i, g, err)
		}
		back, err := decodeGeometry(b)
		if err != nil {
			t.Fatalf("case %d: decode: %v", i, err)
		}
		want, _ := wkb.Marshal(g)
		got, _ := wkb.Marshal(back)
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d: round trip changed %#v into %#v", i, g, back)
		}
	}
}

func TestEncodeGeometryRejects(t *testing.T) {
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"nil", nil},
		{"nan", orb.Point{math.NaN(), 0}},
		{"inf", orb.LineString{{0, 0}, {math.Inf(1), 0}}},
		{"empty multipoint", orb.MultiPoint{}},
		{"empty polygon", orb.Polygon{}},
		{"one-point line", orb.LineString{{1, 1}}},
		{"unclosed ring", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}},
		{"three-point ring", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}},
		{"collection", orb.Collection{orb.Point{1, 1}}},
		{"bound", orb.Bound{}},
	}
	for _, tc := range cases {
		if b, err := encodeGeometry(tc.g); err == nil {
			t.Errorf("%s: encoded to %x, want an error", tc.name, b)
		}
	}
}

// FuzzDecodeGeometry: arbitrary bytes from the database never panic the
// decoder.
func FuzzDecodeGeometry(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{1, 2}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, orb.MultiLineString{{{0, 0}, {1, 1}}}} {
		b, err := encodeGeometry(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decodeGeometry(b)
		if err == nil && g == nil {
			t.Errorf("decodeGeometry(%x) = nil, nil", b)
		}
	})
}
