package geo_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// offsetTriangles is the MultiPolygon of issue 11: n triangles
// [[111+i·1e-6, 35], [111.1+i·1e-6, 35], [111.1+i·1e-6, 35.1], closing],
// each shifted by 1e-6° from the last, so that every part overlaps every
// other and nearly all edge pairs meet.
func offsetTriangles(n int) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, n)
	for i := range mp {
		d := float64(i) * 1e-6
		mp[i] = orb.Polygon{{{111 + d, 35}, {111.1 + d, 35}, {111.1 + d, 35.1}, {111 + d, 35}}}
	}
	return mp
}

// BenchmarkValidate measures valid boundary-like polygons of 1k, 10k and
// 100k vertices and the offset-triangles MultiPolygon of issue 11.
func BenchmarkValidate(b *testing.B) {
	unlimited := geo.ValidateOptions{MaxVertices: -1, MaxParts: -1}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("valid/n=%d", n), func(b *testing.B) {
			g := orb.Polygon{smoothStar(rand.New(rand.NewPCG(1, 1)), n-1, orb.Point{111.52, 36.09}, 0.1)}
			b.ReportAllocs()
			for b.Loop() {
				if err := geo.ValidateGeometryWith(g, geo.ClassPolygon, unlimited); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range benchTriangleCounts {
		b.Run(fmt.Sprintf("offset-triangles/N=%d", n), func(b *testing.B) {
			g := offsetTriangles(n)
			b.ReportAllocs()
			for b.Loop() {
				if err := geo.ValidateGeometryWith(g, geo.ClassPolygon, unlimited); err == nil {
					b.Fatal("overlapping parts accepted")
				}
			}
		})
	}
}

var benchTriangleCounts = []int{1000, 2000, 8000}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkBounded validates g, checks the problem (nil: valid) and that no
// more than 2 KB per vertex were allocated.
func checkBounded(t *testing.T, g orb.Geometry, o geo.ValidateOptions, w *want) {
	t.Helper()
	var err error
	bytes := allocated(func() { err = geo.ValidateGeometryWith(g, geo.ClassPolygon, o) })
	checkGeometryError(t, err, w)
	n := countPoints(g)
	if limit := uint64(2048 * n); bytes > limit {
		t.Errorf("%d vertices allocated %d bytes, more than 2 KB per vertex (%d)", n, bytes, limit)
	}
	t.Logf("%d vertices: %d bytes allocated (%.0f per vertex)", n, bytes, float64(bytes)/float64(n))
}

func countPoints(g orb.Geometry) int {
	mp, _ := geo.MultiPolygonOf(g)
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// Issue 11's offset triangles: every part overlaps every other. The
// validator must report the first overlap, between parts 0 and 1, without
// collecting the others (it used to allocate 1.8 GB at N = 2,000).
func TestOffsetTrianglesBounded(t *testing.T) { // not parallel: it measures allocation
	for _, n := range []int{1000, 2000, 8000} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			checkBounded(t, offsetTriangles(n), geo.ValidateOptions{},
				&want{geo.ProblemPolygonsOverlap, 1, 0, 1, pt(111.000001, 35),
					"polygons 0 and 1 overlap: edge 0-1 of polygon 1 ring 0 and edge 0-1 of polygon 0 ring 0 overlap"})
		})
	}
	t.Run("max-parts", func(t *testing.T) {
		checkBounded(t, offsetTriangles(8000), geo.ValidateOptions{MaxParts: 7999},
			&want{geo.ProblemTooManyParts, -1, -1, -1, nil, "MultiPolygon has 8000 parts; the limit is 7999"})
	})
}

// comb returns a ring along latitude 35 from longitude 100 to 100+(m+1)·s
// (s = 0.001°) that comes back in m+1 teeth 1e-9° high; the bottoms of the
// teeth sit at 35+low, on the first edge when low is 0 (the ring then
// touches itself m times).
func comb(m int, low float64) orb.Ring {
	const s = 1e-3
	x := func(i float64) float64 { return 100 + i*s }
	r := orb.Ring{{x(0), 35}, {x(float64(m + 1)), 35}}
	for i := m; i >= 1; i-- {
		r = append(r, orb.Point{x(float64(i) + 0.5), 35 + 1e-9}, orb.Point{x(float64(i)), 35 + low})
	}
	return append(r, orb.Point{x(0.5), 35 + 1e-9}, orb.Point{x(0), 35})
}

// A ring of near-collinear edges that touches itself at every tooth: the
// first touch (edge 2-3 on edge 0-1) is reported, with bounded memory; the
// same ring lifted by 1e-12° is valid.
func TestNearCollinearCombBounded(t *testing.T) { // not parallel: it measures allocation
	const m = 40000
	t.Run("touching", func(t *testing.T) {
		checkBounded(t, orb.Polygon{comb(m, 0)}, geo.ValidateOptions{},
			&want{geo.ProblemSelfIntersection, 0, 0, 1, pt(100+m*1e-3, 35), "edges 0-1 and 2-3 touch"})
	})
	t.Run("lifted", func(t *testing.T) {
		checkBounded(t, orb.Polygon{comb(m, 1e-12)}, geo.ValidateOptions{}, nil)
	})
}

// strips returns n long, thin, parallel diagonal parallelograms side by
// side: a valid MultiPolygon whose long edges' bounding boxes all overlap.
func strips(n int) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, n)
	for i := range mp {
		x := float64(i) * 1e-4
		mp[i] = orb.Polygon{{{x, 0}, {x + 5e-5, 0}, {x + 1 + 5e-5, 1}, {x + 1, 1}, {x, 0}}}
	}
	return mp
}

// Valid parts whose edge boxes overlap by the million cost O(n²) pair
// tests; the work budget refuses them as too_complex, in bounded memory,
// while a few hundred such strips still pass.
func TestWorkBudget(t *testing.T) { // not parallel: it measures allocation
	t.Run("within", func(t *testing.T) {
		checkBounded(t, strips(300), geo.ValidateOptions{}, nil)
	})
	t.Run("beyond", func(t *testing.T) {
		checkBounded(t, strips(4000), geo.ValidateOptions{},
			&want{geo.ProblemTooComplex, -1, -1, -1, nil, "edge-pair and point tests"})
	})
}

// TestValidateLimits: each limit is named in its error and applies before
// any other check (the geometries below are also invalid otherwise).
func TestValidateLimits(t *testing.T) {
	t.Parallel()
	bow := orb.Ring{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}} // self-intersecting
	holes := orb.Polygon{sq(0, 0, 10, 10), sqCW(1, 1, 2, 2), sqCW(3, 3, 4, 4), bow}
	cases := []struct {
		name string
		g    orb.Geometry
		o    geo.ValidateOptions
		want *want
	}{
		{"parts", orb.MultiPolygon{{bow}, {bow}, {bow}}, geo.ValidateOptions{MaxParts: 2},
			&want{geo.ProblemTooManyParts, -1, -1, -1, nil, "MultiPolygon has 3 parts; the limit is 2"}},
		{"parts_equal", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(2, 2, 3, 3)}}, geo.ValidateOptions{MaxParts: 2}, nil},
		{"parts_negative_disables", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(2, 2, 3, 3)}}, geo.ValidateOptions{MaxParts: -1}, nil},
		{"holes", orb.MultiPolygon{{sq(20, 20, 21, 21)}, holes}, geo.ValidateOptions{MaxHoles: 2},
			&want{geo.ProblemTooManyHoles, 1, -1, -1, nil, "polygon 1 has 3 holes, the limit is 2"}},
		{"vertices_before_parts", orb.MultiPolygon{{bow}, {bow}, {bow}}, geo.ValidateOptions{MaxVertices: 14, MaxParts: 2},
			&want{geo.ProblemTooManyVertices, -1, -1, -1, nil, "geometry has 15 vertices, the limit is 14"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkGeometryError(t, geo.ValidateGeometryWith(tc.g, geo.ClassPolygon, tc.o), tc.want)
		})
	}
	if o := geo.DefaultValidateOptions(); o.MaxParts != 10000 || o.MaxHoles != 10000 {
		t.Fatalf("defaults %+v, want MaxParts and MaxHoles 10000", o)
	}
}
