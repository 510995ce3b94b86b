package geo_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// testSeed returns the seed for randomized tests: 20200415 unless the SEED
// environment variable says otherwise. It is logged so a failure can be
// replayed.
func testSeed(tb testing.TB) uint64 {
	tb.Helper()
	seed := uint64(20200415)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			tb.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	tb.Logf("seed %d (set SEED to replay another)", seed)
	return seed
}

// starRing returns a random star-shaped ring of n ≥ 4 vertices around c:
// vertex k sits at an angle inside sector k and a radius in
// [rMin, rMax]·scale. Angles increase strictly, so the ring is simple.
func starRing(rng *rand.Rand, n int, c orb.Point, scale, rMin, rMax float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / float64(n)
		r := scale * (rMin + (rMax-rMin)*rng.Float64())
		ring = append(ring, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// crossing is one intersecting pair of edges i < j (edge i runs from vertex
// i to i+1) found by the brute-force oracle.
type crossing struct {
	i, j int
	at   orb.Point
}

// bruteForceCrossings tests every pair of non-adjacent edges of the closed
// ring with plain parametric arithmetic: the O(n²) oracle. With random
// coordinates, touching and collinear cases have probability zero.
func bruteForceCrossings(r orb.Ring) []crossing {
	n := len(r) - 1
	var out []crossing
	for i := range n {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // adjacent through the closing vertex
			}
			p, p2, q, q2 := r[i], r[i+1], r[j], r[j+1]
			dx, dy := p2[0]-p[0], p2[1]-p[1]
			ex, ey := q2[0]-q[0], q2[1]-q[1]
			den := dx*ey - dy*ex
			if den == 0 {
				continue
			}
			t := ((q[0]-p[0])*ey - (q[1]-p[1])*ex) / den
			u := ((q[0]-p[0])*dy - (q[1]-p[1])*dx) / den
			if t >= 0 && t <= 1 && u >= 0 && u <= 1 {
				out = append(out, crossing{i, j, orb.Point{p[0] + t*dx, p[1] + t*dy}})
			}
		}
	}
	return out
}

func TestRandomStarPolygonsAreValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	center := orb.Point{111.52, 36.09}
	for trial := range 300 {
		n := 4 + rng.IntN(400)
		shell := starRing(rng, n, center, 0.1, 0.3, 1)
		hole := starRing(rng, 4+rng.IntN(50), center, 0.1, 0.05, 0.25)
		for _, g := range []orb.Geometry{orb.Polygon{shell}, orb.Polygon{shell, hole}, geo.NormalizeGeometry(orb.Polygon{shell, hole})} {
			if err := geo.ValidateGeometry(g, geo.ClassPolygon); err != nil {
				t.Fatalf("trial %d (n=%d): valid star polygon rejected: %v", trial, n, err)
			}
		}
	}
}

// Swapping two vertices of a star polygon usually makes edges cross. The
// validator must agree with the brute-force oracle on whether it does, and
// must report the crossing with the lowest first edge, at the right place.
func TestRandomVertexSwapsMatchOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	center := orb.Point{111.52, 36.09}
	crossed, clean := 0, 0
	for trial := range 500 {
		n := 5 + rng.IntN(200)
		ring := starRing(rng, n, center, 0.1, 0.3, 1)
		i, j := rng.IntN(n), rng.IntN(n)
		if i == j {
			continue
		}
		ring[i], ring[j] = ring[j], ring[i]
		ring[n] = ring[0]
		want := bruteForceCrossings(ring)
		err := geo.ValidateGeometry(orb.Polygon{ring}, geo.ClassPolygon)
		name := fmt.Sprintf("trial %d (n=%d, swap %d<->%d)", trial, n, i, j)
		if len(want) == 0 {
			clean++
			if err != nil {
				t.Fatalf("%s: oracle finds no crossing, validator says %v", name, err)
			}
			continue
		}
		crossed++
		var ge *geo.GeometryError
		if !errors.As(err, &ge) || ge.Problem != geo.ProblemSelfIntersection || ge.Polygon != 0 || ge.Ring != 0 {
			t.Fatalf("%s: oracle finds %d crossings, validator says %v", name, len(want), err)
		}
		first := want[0].i // the oracle lists pairs in order of i
		if ge.Vertex != first+1 {
			t.Fatalf("%s: reported vertex %d, want %d (end of edge %d, the lowest crossing edge): %v", name, ge.Vertex, first+1, first, err)
		}
		if ge.Location == nil {
			t.Fatalf("%s: no location: %v", name, err)
		}
		found := false
		for _, c := range want {
			if c.i == first && math.Abs(c.at[0]-ge.Location[0]) < 1e-9 && math.Abs(c.at[1]-ge.Location[1]) < 1e-9 {
				found = true
			}
		}
		if !found {
			t.Fatalf("%s: location %v is not a crossing of edge %d per the oracle %v", name, *ge.Location, first, want)
		}
	}
	t.Logf("%d swaps created crossings, %d did not", crossed, clean)
	if crossed == 0 {
		t.Fatal("no swap created a crossing: the test exercised nothing")
	}
}

// A 5,000-vertex ring is validated through the R-tree, not pair by pair;
// the benchmark below reports the time, this test the answer.
func TestLargeRing(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 3))
	ring := starRing(rng, 5000, orb.Point{111.52, 36.09}, 0.1, 0.3, 1)
	if err := geo.ValidateGeometry(orb.Polygon{ring}, geo.ClassPolygon); err != nil {
		t.Fatalf("valid 5000-vertex star rejected: %v", err)
	}
	ring[1000], ring[3000] = ring[3000], ring[1000]
	var ge *geo.GeometryError
	if err := geo.ValidateGeometry(orb.Polygon{ring}, geo.ClassPolygon); !errors.As(err, &ge) || ge.Problem != geo.ProblemSelfIntersection {
		t.Fatalf("5000-vertex star with swapped vertices: got %v, want self_intersection", err)
	}
}

// smoothStar returns a boundary-like ring of n vertices: a wavy circle with
// a little noise, so that consecutive vertices are close, as in real
// administrative boundaries.
func smoothStar(rng *rand.Rand, n int, c orb.Point, scale float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * (float64(k) + 0.5*rng.Float64()) / float64(n)
		r := scale * (0.8 + 0.15*math.Sin(7*a) + 0.01*rng.Float64())
		ring = append(ring, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// BenchmarkValidateStar measures rings of n vertices ("smooth": boundary
// like; "spiky": every vertex at a random radius, so that edge bounding
// boxes overlap heavily, the worst case for the R-tree).
func BenchmarkValidateStar(b *testing.B) {
	center := orb.Point{111.52, 36.09}
	for _, shape := range []string{"smooth", "spiky"} {
		for _, n := range []int{1000, 5000, 99999} {
			if shape == "spiky" && n > 5000 {
				continue
			}
			b.Run(fmt.Sprintf("%s/n=%d", shape, n), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 1))
				ring := smoothStar(rng, n, center, 0.1)
				if shape == "spiky" {
					ring = starRing(rng, n, center, 0.1, 0.3, 1)
				}
				g := orb.Polygon{ring}
				b.ReportAllocs()
				for b.Loop() {
					if err := geo.ValidateGeometry(g, geo.ClassPolygon); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
