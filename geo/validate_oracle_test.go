package geo_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// gridRing returns a random closed ring of n distinct-consecutive vertices
// on a small integer grid near (111, 35): touching vertices, collinear
// overlapping edges and spikes are common, and integer arithmetic is exact.
func gridRing(rng *rand.Rand, n, size int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for len(r) < n {
		p := orb.Point{111 + float64(rng.IntN(size))/64, 35 + float64(rng.IntN(size))/64}
		if len(r) > 0 && p == r[len(r)-1] || len(r) == n-1 && p == r[0] {
			continue
		}
		r = append(r, p)
	}
	return append(r, r[0])
}

// snappedStar returns a random star ring of about n vertices snapped to a
// 1/64 grid (consecutive duplicates dropped): mostly simple, with
// collinear runs and the occasional touch or spike.
func snappedStar(rng *rand.Rand, n int) orb.Ring {
	star := starRing(rng, n, orb.Point{111, 35}, 0.5, 0.3, 1)
	var r orb.Ring
	for _, p := range star {
		p = orb.Point{math.Round(p[0]*64) / 64, math.Round(p[1]*64) / 64}
		if len(r) == 0 || p != r[len(r)-1] {
			r = append(r, p)
		}
	}
	if len(r) > 1 && r[len(r)-1] != r[0] {
		r = append(r, r[0])
	}
	return r
}

// oracleOrient is the sign of the cross product in plain float64, exact for
// grid coordinates (multiples of 1/64 near 111 and 35).
func oracleOrient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func oracleOnSegment(p, a, b orb.Point) bool {
	return oracleOrient(a, b, p) == 0 && min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// oracleMeet reports whether closed segments a1-a2 and b1-b2 share a point.
func oracleMeet(a1, a2, b1, b2 orb.Point) bool {
	o1, o2 := oracleOrient(a1, a2, b1), oracleOrient(a1, a2, b2)
	o3, o4 := oracleOrient(b1, b2, a1), oracleOrient(b1, b2, a2)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return oracleOnSegment(b1, a1, a2) || oracleOnSegment(b2, a1, a2) || oracleOnSegment(a1, b1, b2) || oracleOnSegment(a2, b1, b2)
}

// oracleSpike reports whether the ring doubles back at q between p and o.
func oracleSpike(p, q, o orb.Point) bool {
	return oracleOrient(p, q, o) == 0 && (p[0]-q[0])*(o[0]-q[0])+(p[1]-q[1])*(o[1]-q[1]) > 0
}

// oracleFirstDefect is the brute-force O(n²) statement of the reporting
// rule for one ring: a spike at the closing vertex (vertex 0), else the
// lowest edge k1 with a spike at its end (vertex k1+1) or meeting a later,
// non-adjacent edge (vertex k1+1, the lowest such edge k2). It returns the
// vertex and the two edges, or ok == false for a simple ring.
func oracleFirstDefect(r orb.Ring) (vertex, k1, k2 int, ok bool) {
	n := len(r) - 1
	if oracleSpike(r[1], r[0], r[n-1]) {
		return 0, 0, n - 1, true
	}
	for k1 := 0; k1 < n-1; k1++ {
		if oracleSpike(r[k1], r[k1+1], r[k1+2]) {
			return k1 + 1, k1, k1 + 1, true
		}
		for k2 := k1 + 2; k2 < n; k2++ {
			if k1 == 0 && k2 == n-1 {
				continue
			}
			if oracleMeet(r[k1], r[k1+1], r[k2], r[k2+1]) {
				return k1 + 1, k1, k2, true
			}
		}
	}
	return 0, 0, 0, false
}

// Random grid rings (most of them invalid) and snapped stars (most of them
// simple), all near-degenerate in near-degenerate ways: the
// validator's verdict and reported vertex and edges must equal the
// brute-force oracle's.
func TestRandomGridRingsMatchOracle(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(testSeed(t), 4))
	valid, invalid := 0, 0
	for trial := range 3000 {
		n := 4 + rng.IntN(60)
		size := 3 + rng.IntN(30)
		ring := gridRing(rng, n, size)
		if trial%2 == 1 {
			ring = snappedStar(rng, n)
			if len(ring) < 4 {
				continue
			}
		}
		err := geo.ValidateGeometry(orb.Polygon{ring}, geo.ClassPolygon)
		vertex, k1, k2, bad := oracleFirstDefect(ring)
		name := fmt.Sprintf("trial %d (n=%d, grid %d): %v", trial, n, size, ring)
		if !bad {
			valid++
			if err != nil {
				t.Fatalf("%s: oracle finds a simple ring, validator says %v", name, err)
			}
			continue
		}
		invalid++
		var ge *geo.GeometryError
		if !errors.As(err, &ge) || ge.Problem != geo.ProblemSelfIntersection || ge.Polygon != 0 || ge.Ring != 0 || ge.Vertex != vertex {
			t.Fatalf("%s: oracle: self_intersection at vertex %d (edges %d and %d); validator: %v", name, vertex, k1, k2, err)
		}
		edges := fmt.Sprintf("edges %d-%d and %d-%d ", k1, k1+1, k2, k2+1)
		if len(ge.Detail) < len(edges) || ge.Detail[:len(edges)] != edges {
			t.Fatalf("%s: detail %q, want it to start %q", name, ge.Detail, edges)
		}
	}
	t.Logf("%d valid, %d invalid rings", valid, invalid)
	if valid < 500 || invalid < 500 {
		t.Fatalf("%d valid and %d invalid rings: the generator does not cover both", valid, invalid)
	}
}
