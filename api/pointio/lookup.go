package pointio

import (
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// Lookup answers a run of points on all cores and holds the answers until
// the next Run. Each core takes a contiguous share of the points and looks
// it up as one index.Batch, which on an index larger than the CPU caches
// visits its points in an order that keeps nearby ones together: the larger
// the share, the fewer cache misses per point. Reusing a Lookup reuses its
// memory. It is not safe for concurrent use.
type Lookup struct {
	shares []index.Batch
	per    int // points per share
}

// Run looks up every point of pts in snap with q, in shares of at least
// minShare points (a smaller run is one share), replacing what the Lookup
// held.
func (l *Lookup) Run(snap *index.Snapshot, pts []orb.Point, q index.Query, minShare int) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(pts)/max(minShare, 1)))
	for len(l.shares) < workers {
		l.shares = append(l.shares, index.Batch{})
	}
	l.per = max(1, (len(pts)+workers-1)/workers)
	if workers == 1 {
		snap.ZonesAtBatch(&l.shares[0], pts, q)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		share := pts[min(w*l.per, len(pts)):min((w+1)*l.per, len(pts))]
		wg.Go(func() { snap.ZonesAtBatch(&l.shares[w], share, q) })
	}
	wg.Wait()
}

// At returns the zones at point i of the last Run, sorted as ZonesAt
// sorts them. The slice is valid until the next Run; callers must not
// modify it.
func (l *Lookup) At(i int) []*geo.Zone {
	return l.shares[i/l.per].At(i % l.per)
}
