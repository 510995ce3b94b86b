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

// batchTestIndex returns an index of overlapping stars (in three layers,
// some with validity bounds) and points that hit them: random points over
// and around their extent, their vertices (boundary), duplicates and
// points outside or not finite.
func batchTestIndex(t *testing.T) (*Index, []orb.Point) {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 12))
	var zs []*geo.Zone
	var pts []orb.Point
	for i := range 200 {
		c := orb.Point{rng.Float64(), rng.Float64()}
		n := 20 + rng.IntN(300)
		ring := make(orb.Ring, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			r := 0.05 + 0.1*rng.Float64()
			ring[k] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
		}
		ring[n] = ring[0]
		z := &geo.Zone{Layer: fmt.Sprint("l", i%3), ID: fmt.Sprint(i), Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: orb.Polygon{ring}}
		if i%5 == 0 {
			z.Validity = geo.Validity{From: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		zs = append(zs, z)
		pts = append(pts, ring[rng.IntN(n)], ring[rng.IntN(n)])
	}
	ix := New()
	ix.Apply(zs...)
	for range 6000 {
		pts = append(pts, orb.Point{rng.Float64()*1.4 - 0.2, rng.Float64()*1.4 - 0.2})
	}
	pts = append(pts, pts[7], pts[7], orb.Point{-50, 10}, orb.Point{math.NaN(), 0.5}, orb.Point{0.5, math.Inf(1)})
	rng.Shuffle(len(pts), func(i, j int) { pts[i], pts[j] = pts[j], pts[i] })
	return ix, pts
}

// TestZonesAtBatchEqualsZonesAt: every way of answering a batch (through
// the R-tree before the point grid is built, in input order, in Morton
// order) gives each point exactly ZonesAt's answer, for several queries,
// and a reused Batch forgets its previous answers.
func TestZonesAtBatchEqualsZonesAt(t *testing.T) {
	ix, pts := batchTestIndex(t)
	s := ix.Snapshot()
	if s.SortsBatch(len(pts)) {
		t.Errorf("SortsBatch on %d bytes of prepared polygons: want false, they fit in cache", s.Stats().Bytes)
	}
	var b Batch
	s.zonesAtBatch(&b, pts[:1000], Query{At: t2020()}, true) // the first lookup: R-tree path
	s.WaitReady()
	want := func(i int, q Query) []*geo.Zone { return s.ZonesAt(nil, pts[i], q) }
	for i := range 1000 {
		if got := b.At(i); !slices.Equal(got, want(i, Query{At: t2020()})) {
			t.Fatalf("tree path, point %d %v: %v, want %v", i, pts[i], got, want(i, Query{At: t2020()}))
		}
	}
	queries := []Query{
		{At: t2020()},
		{At: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), Layers: []string{"l0", "l2"}},
		{At: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Layers: []string{"l1"}},
	}
	hits := 0
	for qi, q := range queries {
		for _, sorted := range []bool{false, true} {
			s.zonesAtBatch(&b, pts, q, sorted)
			if b.Len() != len(pts) {
				t.Fatalf("query %d sorted=%v: Len %d, want %d", qi, sorted, b.Len(), len(pts))
			}
			for i := range pts {
				w := want(i, q)
				if got := b.At(i); !slices.Equal(got, w) {
					t.Fatalf("query %d sorted=%v, point %d %v: %v, want %v", qi, sorted, i, pts[i], got, w)
				}
				hits += len(w)
			}
		}
	}
	if hits < len(pts) {
		t.Fatalf("only %d hits: the sample does not exercise the zones", hits)
	}
	s.ZonesAtBatch(&b, pts[:3], Query{At: t2020()})
	if b.Len() != 3 {
		t.Fatalf("reused batch: Len %d, want 3", b.Len())
	}
	s.ZonesAtBatch(&b, nil, Query{At: t2020()})
	if b.Len() != 0 {
		t.Fatalf("empty batch: Len %d, want 0", b.Len())
	}
}

// TestZonesAtBatchAllocs: a Batch reused for batches no larger than before
// allocates nothing, in either order.
func TestZonesAtBatchAllocs(t *testing.T) {
	ix, pts := batchTestIndex(t)
	s := ix.Snapshot()
	s.WaitReady()
	var b Batch
	q := Query{At: t2020()}
	for _, sorted := range []bool{false, true} {
		s.zonesAtBatch(&b, pts, q, sorted)
		if n := testing.AllocsPerRun(5, func() { s.zonesAtBatch(&b, pts, q, sorted) }); n != 0 {
			t.Errorf("sorted=%v: %v allocations per batch, want 0", sorted, n)
		}
	}
}

// TestMortonOrder: the radix sort orders points by their Morton key and
// keeps every index once.
func TestMortonOrder(t *testing.T) {
	ix, pts := batchTestIndex(t)
	s := ix.Snapshot()
	s.WaitReady()
	var b Batch
	order := b.sortedOrder(s.grid.Load(), pts)
	seen := make([]bool, len(pts))
	for n, kv := range order {
		i := uint32(kv)
		if seen[i] {
			t.Fatalf("index %d twice", i)
		}
		seen[i] = true
		if n > 0 && kv>>32 < order[n-1]>>32 {
			t.Fatalf("keys out of order at %d", n)
		}
	}
	if got := morton(0xFFFF, 0); got != 0x55555555 {
		t.Errorf("morton(0xFFFF, 0) = %#x", got)
	}
	if got := morton(0, 1); got != 2 {
		t.Errorf("morton(0, 1) = %#x", got)
	}
}

func t2020() time.Time { return time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC) }
