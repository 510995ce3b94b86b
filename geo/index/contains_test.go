package index_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

var t2020 = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

// published returns a published, always-valid zone.
func published(layer, id string, g orb.Geometry) *geo.Zone {
	return &geo.Zone{Layer: layer, ID: id, Version: 1, Kind: geo.KindCoalBan, Geometry: g, Status: geo.StatusPublished}
}

// containsViaIndex asks a one-zone snapshot whether p is in the zone.
func containsViaIndex(s *index.Snapshot, p orb.Point) bool {
	return len(s.ZonesAt(nil, p, index.Query{At: t2020})) == 1
}

// shapeCase is a generated geometry for the property test.
type shapeCase struct {
	name string
	g    orb.Geometry
	grid bool // integer coordinates: also probe integer and half-integer points
}

func genShapes(rng *rand.Rand) []shapeCase {
	var cs []shapeCase
	add := func(name string, g orb.Geometry, grid bool) {
		cs = append(cs, shapeCase{name: fmt.Sprintf("%s-%d", name, len(cs)), g: g, grid: grid})
	}
	for i := 0; i < 6; i++ {
		cw := i%2 == 1
		c := orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		add("star", orb.Polygon{star(rng, c, 0.01, 0.05, 20+rng.IntN(400), cw)}, false)
		outer := star(rng, c, 0.03, 0.05, 30+rng.IntN(200), cw)
		hole := star(rng, c, 0.005, 0.025, 10+rng.IntN(100), !cw || i%3 == 0)
		add("star-hole", orb.Polygon{outer, hole}, false)
		c2 := orb.Point{c[0] + 0.2, c[1] - 0.1}
		add("multi", orb.MultiPolygon{
			{star(rng, c, 0.01, 0.05, 40, cw)},
			{star(rng, c2, 0.06, 0.09, 60, !cw), star(rng, c2, 0.01, 0.05, 30, cw)},
		}, false)
		h := histogram(rng, float64(rng.IntN(10)), float64(rng.IntN(10)), 5+rng.IntN(30), 12, cw)
		add("histogram", orb.Polygon{h}, true)
		hx, hy := h[0][0], h[0][1]
		if cw {
			hx, hy = h[len(h)-1][0], h[len(h)-1][1]
		}
		rect := orb.Ring{{hx + 1, hy}, {hx + 3, hy}, {hx + 3, hy + 1}, {hx + 1, hy + 1}, {hx + 1, hy}}
		add("histogram-touching-hole", orb.Polygon{h, rect}, true)
		open := star(rng, c, 0.01, 0.05, 25, cw)
		add("unclosed", orb.Polygon{open[:len(open)-1]}, false)
		add("tiny", orb.Polygon{star(rng, c, 1e-7, 3e-7, 30, cw)}, false)
		add("dense", orb.Polygon{star(rng, c, 0.02, 0.05, 1500+rng.IntN(1000), cw)}, false)
	}
	return cs
}

// probes returns the points to test against a shape: vertices, edge
// midpoints, random points in the padded bound, and random points at a
// vertex's latitude (rays through vertices).
func probes(rng *rand.Rand, sc shapeCase, random int) []orb.Point {
	var ps []orb.Point
	rings := allRings(sc.g)
	b := sc.g.Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	for _, r := range rings {
		for i := range r {
			a, c := r[i], r[(i+1)%len(r)]
			ps = append(ps, a, orb.Point{(a[0] + c[0]) / 2, (a[1] + c[1]) / 2})
		}
	}
	for i := 0; i < random; i++ {
		ps = append(ps, orb.Point{b.Min[0] - 0.1*w + 1.2*w*rng.Float64(), b.Min[1] - 0.1*h + 1.2*h*rng.Float64()})
		v := rings[rng.IntN(len(rings))]
		ps = append(ps, orb.Point{b.Min[0] - 0.1*w + 1.2*w*rng.Float64(), v[rng.IntN(len(v))][1]})
	}
	if sc.grid {
		for x := b.Min[0] - 1; x <= b.Max[0]+1; x += 0.5 {
			for y := b.Min[1] - 1; y <= b.Max[1]+1; y += 0.5 {
				ps = append(ps, orb.Point{x, y})
			}
		}
	}
	return ps
}

// indexKinds are the ways an index answers point lookups: through the
// polygons' own grids (New on a small set), and with boundary edges stored
// in the point grid's buckets (what New does on large sets).
var indexKinds = []struct {
	name string
	new  func() *index.Index
}{{"cells", func() *index.Index { return index.New() }}, {"pairedges", index.NewWithIndexedEdges}, {"pairquant", index.NewWithPairEdges}}

func TestZonesAtMatchesOracle(t *testing.T) {
	for _, kind := range indexKinds {
		t.Run(kind.name, func(t *testing.T) { zonesAtMatchesOracle(t, kind.new) })
	}
}

func zonesAtMatchesOracle(t *testing.T, newIndex func() *index.Index) {
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	total, inside, onBoundary := 0, 0, 0
	for _, sc := range genShapes(rng) {
		t.Run(sc.name, func(t *testing.T) {
			ix := newIndex()
			ix.Apply(published("l", "z", sc.g))
			s := ix.Snapshot()
			s.WaitReady()
			rings := allRings(sc.g)
			bad := 0
			for _, p := range probes(rng, sc, 250) {
				want := oracleContains(rings, p)
				got := containsViaIndex(s, p)
				total++
				if want {
					inside++
				}
				for _, r := range rings {
					for i := range r {
						if r[i] == p {
							onBoundary++
						}
					}
				}
				if got != want {
					bad++
					if bad <= 5 {
						t.Errorf("point %v: got inside=%v, oracle %v", p, got, want)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d mismatches", bad)
			}
		})
	}
	t.Logf("%d points checked, %d inside, %d exactly on vertices", total, inside, onBoundary)
	if total < 10000 || inside < total/10 || onBoundary < 1000 {
		t.Fatalf("probe set too weak: %d points, %d inside, %d on vertices", total, inside, onBoundary)
	}
}

func TestZonesAtCases(t *testing.T) {
	// A 4×4 square with a 2×2 hole, and a second part touching it at x=4:
	//
	//	4 +-------+---+
	//	  |       |   |
	//	3 | +---+ |   |
	//	  | |   | |   |
	//	1 | +---+ |   |
	//	0 +-------+---+
	//	  0 1   3 4   5
	square := orb.MultiPolygon{
		{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}},
		{{{4, 0}, {5, 0}, {5, 4}, {4, 4}, {4, 0}}},
	}
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"Interior", orb.Point{0.5, 0.5}, true},
		{"InHole", orb.Point{2, 2}, false},
		{"OnHoleEdge", orb.Point{2, 1}, true},
		{"OnHoleVertex", orb.Point{3, 3}, true},
		{"OnShellVertex", orb.Point{0, 0}, true},
		{"OnShellEdge", orb.Point{0, 2}, true},
		{"SharedEdge", orb.Point{4, 2}, true},
		{"SecondPart", orb.Point{4.5, 3.9}, true},
		{"RayThroughVertices", orb.Point{-1, 4}, false},
		{"RayAlongHoleEdge", orb.Point{0.5, 1}, true},
		{"OutsideRight", orb.Point{5.0000001, 2}, false},
		{"OutsideBelow", orb.Point{2, -1e-12}, false},
		{"NaN", orb.Point{math.NaN(), 2}, false},
	}
	for _, kind := range indexKinds {
		for _, orientation := range []string{"ccw", "cw"} {
			zonesAtCases(t, kind.name+"/"+orientation, kind.new(), square, orientation == "cw", tests)
		}
	}
}

// zonesAtCases checks the cases on square (reversed when cw) in ix.
func zonesAtCases(t *testing.T, name string, ix *index.Index, square orb.MultiPolygon, cw bool, tests []struct {
	name string
	p    orb.Point
	want bool
}) {
	{
		g := cloneMulti(square)
		if cw {
			for _, poly := range g {
				for _, r := range poly {
					reverse(r)
				}
			}
		}
		ix.Apply(published("l", "z", g))
		s := ix.Snapshot()
		s.WaitReady()
		for _, tc := range tests {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				if got := containsViaIndex(s, tc.p); got != tc.want {
					t.Errorf("contains(%v) = %v, want %v", tc.p, got, tc.want)
				}
			})
		}
	}
}

func cloneMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = p.Clone()
	}
	return out
}
