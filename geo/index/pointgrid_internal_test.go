package index

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// TestTreePathAgreesWithPointGrid: a fresh snapshot answers through the
// R-tree until its point grid is built; both paths must give the same
// zones in the same order.
func TestTreePathAgreesWithPointGrid(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var zs []*geo.Zone
	for i := range 300 {
		c := orb.Point{rng.Float64(), rng.Float64()}
		n := 20 + rng.IntN(200)
		ring := make(orb.Ring, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			r := 0.05 + 0.1*rng.Float64()
			ring[k] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
		}
		ring[n] = ring[0]
		zs = append(zs, &geo.Zone{Layer: fmt.Sprint("l", i%3), ID: fmt.Sprint(i), Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: orb.Polygon{ring}})
	}
	ix := New()
	ix.Apply(zs...)
	s := ix.Snapshot()
	q := Query{At: time.Now(), Layers: []string{"l0", "l2"}}
	pts := make([]orb.Point, 5000)
	for i := range pts {
		pts[i] = orb.Point{rng.Float64()*1.2 - 0.1, rng.Float64()*1.2 - 0.1}
	}
	tree := make([][]*geo.Zone, len(pts))
	for i, p := range pts {
		tree[i] = s.zonesAtTree(nil, p, q)
	}
	s.WaitReady()
	hits := 0
	for i, p := range pts {
		grid := s.ZonesAt(nil, p, q)
		if !slices.Equal(grid, tree[i]) {
			t.Fatalf("point %v: grid %v, tree %v", p, grid, tree[i])
		}
		hits += len(grid)
	}
	if hits < len(pts) {
		t.Fatalf("only %d hits: the sample does not exercise the zones", hits)
	}
}
