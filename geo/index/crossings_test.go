package index_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/zonegate/zonegate/geo/index"
)

func TestCrossingsCases(t *testing.T) {
	// Zone a is the square [0,2]² with the hole [0.5,1.5]²; zone b is the
	// square [3,4]×[0,2].
	holed := orb.Polygon{
		{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}},
		{{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}, {0.5, 0.5}},
	}
	ix := index.New()
	ix.Apply(published("l", "a", holed), published("l", "b", square(3, 0, 2)))
	s := ix.Snapshot()
	h := orbgeo.DistanceHaversine
	type want struct {
		id    string
		entry orb.Point
		seg   int
		along float64
	}
	tests := []struct {
		name  string
		route orb.LineString
		want  []want
	}{
		{"ThroughBoth", orb.LineString{{-1, 0.25}, {6, 0.25}}, []want{
			{"a", orb.Point{0, 0.25}, 0, h(orb.Point{-1, 0.25}, orb.Point{0, 0.25})},
			{"b", orb.Point{3, 0.25}, 0, h(orb.Point{-1, 0.25}, orb.Point{3, 0.25})},
		}},
		{"StartsInside", orb.LineString{{0.25, 0.25}, {0.25, 5}}, []want{{"a", orb.Point{0.25, 0.25}, 0, 0}}},
		{"StartsInHole", orb.LineString{{1, 1}, {1, 3}}, []want{{"a", orb.Point{1, 1.5}, 0, h(orb.Point{1, 1}, orb.Point{1, 1.5})}}},
		{"TouchesVertex", orb.LineString{{-1, 1}, {0, 2}, {-1, 3}}, []want{{"a", orb.Point{0, 2}, 0, h(orb.Point{-1, 1}, orb.Point{0, 2})}}},
		{"AlongEdge", orb.LineString{{-1, 0}, {2.5, 0}}, []want{{"a", orb.Point{0, 0}, 0, h(orb.Point{-1, 0}, orb.Point{0, 0})}}},
		{"SecondSegment", orb.LineString{{2.5, 5}, {2.5, 1}, {3.5, 1}}, []want{
			{"b", orb.Point{3, 1}, 1, h(orb.Point{2.5, 5}, orb.Point{2.5, 1}) + h(orb.Point{2.5, 1}, orb.Point{3, 1})},
		}},
		{"OnePointOnBoundary", orb.LineString{{3, 2}}, []want{{"b", orb.Point{3, 2}, 0, 0}}},
		{"Misses", orb.LineString{{-1, -1}, {6, -1}}, nil},
		{"MissesInsideHoleOnly", orb.LineString{{0.75, 0.75}, {1.25, 1.25}}, nil},
		{"Empty", orb.LineString{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Crossings(tc.route, index.Query{At: t2020})
			if len(got) != len(tc.want) {
				t.Fatalf("got %d crossings %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Zone.ID != w.id || g.Entry != w.entry || g.Segment != w.seg || math.Abs(g.AlongM-w.along) > 1e-6 {
					t.Errorf("crossing %d = {%s %v seg %d %.3f m}, want {%s %v seg %d %.3f m}",
						i, g.Zone.ID, g.Entry, g.Segment, g.AlongM, w.id, w.entry, w.seg, w.along)
				}
			}
		})
	}
}

// TestCrossingsMatchOracle checks random routes against exact segment
// intersection over every ring: the set of zones, that each entry lies on
// the reported segment and on the zone's boundary, that nothing of the
// zone is met before it, the distance, and the order.
func TestCrossingsMatchOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	ix := index.New()
	geoms := map[string]orb.Geometry{}
	for i := 0; i < 40; i++ {
		c := orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		var g orb.Geometry = orb.Polygon{star(rng, c, 0.02, 0.08, 10+rng.IntN(300), i%2 == 0)}
		if i%4 == 1 {
			g = orb.Polygon{star(rng, c, 0.06, 0.08, 50, false), star(rng, c, 0.01, 0.05, 40, true)}
		}
		id := fmt.Sprintf("z%02d", i)
		geoms[id] = g
		ix.Apply(published("l", id, g))
	}
	s := ix.Snapshot()
	q := index.Query{At: t2020}
	crossings := 0
	for r := 0; r < 200; r++ {
		route := make(orb.LineString, 1+rng.IntN(6))
		for i := range route {
			route[i] = orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		}
		got := s.Crossings(route, q)
		crossings += len(got)
		seen := map[string]index.Crossing{}
		for _, c := range got {
			seen[c.Zone.ID] = c
		}
		for id, g := range geoms {
			rings := allRings(g)
			c, ok := seen[id]
			if want := routeMeets(route, rings); ok != want {
				t.Errorf("route %d zone %s: crossed=%v, oracle %v", r, id, ok, want)
				continue
			}
			if ok {
				checkEntry(t, fmt.Sprintf("route %d zone %s", r, id), route, rings, c)
			}
		}
		if !slices.IsSortedFunc(got, func(a, b index.Crossing) int {
			if c := cmpFloat(a.AlongM, b.AlongM); c != 0 {
				return c
			}
			return strings.Compare(a.Zone.ID, b.Zone.ID)
		}) {
			t.Errorf("route %d: crossings not ordered by (AlongM, ID)", r)
		}
	}
	t.Logf("%d crossings checked", crossings)
	if crossings < 100 {
		t.Fatalf("only %d crossings: the test is too weak", crossings)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// routeMeets is the oracle: a vertex inside, or a segment meeting an edge.
func routeMeets(route orb.LineString, rings []orb.Ring) bool {
	if oracleContains(rings, route[0]) {
		return true
	}
	for i := 0; i+1 < len(route); i++ {
		if segmentMeetsRings(route[i], route[i+1], rings) {
			return true
		}
	}
	return false
}

func segmentMeetsRings(a, b orb.Point, rings []orb.Ring) bool {
	for _, r := range rings {
		for j := range r {
			if oracleSegmentsMeet(a, b, r[j], r[(j+1)%len(r)]) {
				return true
			}
		}
	}
	return false
}

func checkEntry(t *testing.T, name string, route orb.LineString, rings []orb.Ring, c index.Crossing) {
	t.Helper()
	if oracleContains(rings, route[0]) {
		if c.Entry != route[0] || c.Segment != 0 || c.AlongM != 0 {
			t.Errorf("%s: starts inside but got %+v", name, c)
		}
		return
	}
	i := c.Segment
	if i < 0 || i+1 >= len(route) {
		t.Errorf("%s: segment %d out of range", name, i)
		return
	}
	for j := 0; j < i; j++ {
		if segmentMeetsRings(route[j], route[j+1], rings) {
			t.Errorf("%s: reported segment %d but segment %d already meets the zone", name, i, j)
		}
	}
	a, b := route[i], route[i+1]
	if d := pointSegDist(c.Entry, a, b); d > 1e-12 {
		t.Errorf("%s: entry %v is %g° off segment %d", name, c.Entry, d, i)
	}
	bd := math.Inf(1)
	for _, r := range rings {
		for j := range r {
			bd = math.Min(bd, pointSegDist(c.Entry, r[j], r[(j+1)%len(r)]))
		}
	}
	if bd > 1e-12 {
		t.Errorf("%s: entry %v is %g° from the boundary", name, c.Entry, bd)
	}
	// Nothing of the zone before the entry (leaving a sliver for rounding).
	before := orb.Point{a[0] + (c.Entry[0]-a[0])*(1-1e-9), a[1] + (c.Entry[1]-a[1])*(1-1e-9)}
	if a != c.Entry && segmentMeetsRings(a, before, rings) {
		t.Errorf("%s: the route meets the zone before entry %v", name, c.Entry)
	}
	along := orbgeo.DistanceHaversine(a, c.Entry)
	for j := 0; j < i; j++ {
		along += orbgeo.DistanceHaversine(route[j], route[j+1])
	}
	if math.Abs(along-c.AlongM) > 1e-6 {
		t.Errorf("%s: AlongM %.6f, want %.6f", name, c.AlongM, along)
	}
}

// pointSegDist is the planar distance from p to segment a–b in degrees.
func pointSegDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}
