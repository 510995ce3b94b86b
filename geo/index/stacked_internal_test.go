package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/synth"
)

// TestStackedZonesMatchBruteForce stacks 40 jagged stars about one centre
// on a small index (boundaries resolved through the polygons' own grids),
// so that points meet more boundary cells than ZonesAt keeps pending
// (len(pend)) and the rest are resolved at once; every answer, point by
// point and in batches, must equal a ray cast over every edge.
func TestStackedZonesMatchBruteForce(t *testing.T) {
	t.Parallel()
	set := synth.Stars{N: 40, Origin: orb.Point{111, 35.5}, Size: [2]float64{0.002, 0.002},
		MinVertices: 50, MaxVertices: 400, RMin: 0.01, RMax: 0.03, Jagged: true, Seed: [2]uint64{5, 6}}
	zs := starZones(set)
	ix := New()
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	g := s.grid.Load()
	es := make([]*entry, len(zs))
	s.tree.Scan(func(_, _ [2]float64, e *entry) bool {
		var k int
		fmt.Sscanf(e.zone.ID, "z%d", &k)
		es[k] = e
		return true
	})
	rng := rand.New(rand.NewPCG(11, 12))
	var ps []orb.Point
	for range 20000 { // mostly in the ring where the stars' boundaries lie
		ps = append(ps, orb.Point{111.001 + (rng.Float64()-0.5)*0.07, 35.501 + (rng.Float64()-0.5)*0.07})
	}
	q := Query{At: time.Now()}
	var b Batch
	s.zonesAtBatch(&b, ps, q, true)
	most := 0
	for i, p := range ps {
		most = max(most, boundaryCells(g, p))
		var want []*geo.Zone
		for _, e := range es {
			if e.bound.Contains(p) && e.poly.bruteContains(p) {
				want = append(want, e.zone)
			}
		}
		if got := s.ZonesAt(nil, p, q); !slices.Equal(got, want) {
			t.Fatalf("point %v: ZonesAt %d zones, brute force %d", p, len(got), len(want))
		}
		if !slices.Equal(b.At(i), want) {
			t.Fatalf("point %v: batch %d zones, brute force %d", p, len(b.At(i)), len(want))
		}
	}
	t.Logf("up to %d boundary cells a point", most)
	if most <= 8 {
		t.Fatalf("at most %d boundary cells a point: the pending list never overflows", most)
	}
}

// boundaryCells counts the zones of p's bucket whose own grid cell at p is
// a boundary cell.
func boundaryCells(g *pointGrid, p orb.Point) int {
	n := 0
	ws := g.words[g.off[g.bucketY(p[1])*g.nx+g.bucketX(p[0])]:g.off[g.bucketY(p[1])*g.nx+g.bucketX(p[0])+1]]
	for _, w := range ws {
		if w&3 != pairCells {
			continue
		}
		r := &g.recs[w>>2]
		if !(p[0] >= r.minX && p[0] <= r.maxX && p[1] >= r.minY && p[1] <= r.maxY) {
			continue
		}
		i, j := r.cellOf(p[0], p[1])
		if r.cells[j*int(r.nx)+i] >= cellBoundary {
			n++
		}
	}
	return n
}

// starZones returns set's stars as published zones of layer "l" with IDs
// z000, z001, … in the set's order.
func starZones(set synth.Stars) []*geo.Zone {
	polys := set.Polygons()
	zs := make([]*geo.Zone, len(polys))
	for i, p := range polys {
		zs[i] = &geo.Zone{Layer: "l", ID: fmt.Sprintf("z%03d", i), Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: p}
	}
	return zs
}
