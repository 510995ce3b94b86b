package repair

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// fuzzGeometry decodes bytes into polygons on a coarse grid, so that
// crossings, collinear overlaps, touching vertices and repeated points are
// common: each byte pair is a vertex (lon 111 + x/32, lat 36 + y/32); a
// 0xFF x byte starts a new ring and 0xFE a new polygon.
func fuzzGeometry(data []byte) orb.Geometry {
	var mp orb.MultiPolygon
	var poly orb.Polygon
	var r orb.Ring
	flushRing := func() {
		if len(r) > 0 {
			poly = append(poly, r)
			r = nil
		}
	}
	flushPoly := func() {
		flushRing()
		if len(poly) > 0 {
			mp = append(mp, poly)
			poly = nil
		}
	}
	for i := 0; i+1 < len(data); i += 2 {
		switch data[i] {
		case 0xFF:
			flushRing()
		case 0xFE:
			flushPoly()
		default:
			r = append(r, orb.Point{111 + float64(data[i]%64)/32, 36 + float64(data[i+1]%64)/32})
		}
	}
	flushPoly()
	if len(mp) == 1 {
		return mp[0]
	}
	return mp
}

// FuzzGeometry checks that Geometry never panics and returns either a
// geometry valid by geo.ValidateGeometry or a *Refusal.
func FuzzGeometry(f *testing.F) {
	f.Add([]byte{0, 0, 2, 2, 2, 0, 0, 2, 0, 0})                               // bow-tie
	f.Add([]byte{0, 0, 4, 0, 4, 4, 0, 4, 0, 0, 0xFF, 0, 1, 2, 1, 2, 5, 0, 5}) // hole crossing the shell
	f.Add([]byte{0, 0, 2, 0, 2, 2, 0, 2, 0xFE, 0, 1, 1, 1, 3, 3, 1, 3})       // overlapping parts
	f.Add([]byte{0, 0, 4, 0, 4, 2, 6, 2, 4, 2, 4, 4, 0, 4})                   // spike, unclosed
	f.Add([]byte{0, 0, 1, 1, 2, 2, 0, 0})                                     // collinear
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4000 {
			return
		}
		g := fuzzGeometry(data)
		out, _, err := Geometry(g)
		if err != nil {
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("error is not a refusal: %v", err)
			}
			return
		}
		if err := geo.ValidateGeometryWith(out, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}); err != nil {
			t.Fatalf("repaired %v into invalid %v: %v", g, out, err)
		}
	})
}

// TestRandomRingsRepairOrRefuse runs Geometry on 500 random
// rings in ordinary test runs, so the property holds without -fuzz.
func TestRandomRingsRepairOrRefuse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		data := make([]byte, 2*(3+rng.IntN(30)))
		for k := range data {
			data[k] = byte(rng.IntN(12))
		}
		g := fuzzGeometry(data)
		out, _, err := Geometry(g)
		if err != nil {
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("%v: error is not a refusal: %v", g, err)
			}
			continue
		}
		if err := geo.ValidateGeometryWith(out, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}); err != nil {
			t.Fatalf("repaired %v into invalid %v: %v", g, out, err)
		}
	}
}

// BenchmarkSelfIntersectingRing10k repairs a 10,000-vertex county-like ring
// with 100 pairs of neighbouring vertices swapped (100 small bow-ties).
func BenchmarkSelfIntersectingRing10k(b *testing.B) {
	rng := rand.New(rand.NewPCG(10, 10))
	r := countyLike(rng, orb.Point{111.5, 36.1}, 0.3, 10000)
	for k := 0; k < 100; k++ {
		i := 1 + rng.IntN(9997)
		r[i], r[i+1] = r[i+1], r[i]
	}
	g := orb.Polygon{r}
	if err := geo.ValidateGeometryWith(g, geo.ClassPolygon, geo.ValidateOptions{MaxVertices: -1}); err == nil {
		b.Fatal("benchmark ring is valid")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Geometry(g); err != nil {
			b.Fatal(err)
		}
	}
}
