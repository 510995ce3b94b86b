package index

import (
	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Deriver computes data kept with an indexed zone version for as long as
// the version is indexed, such as the tile renderer's per-zone run boxes
// and simplification ranks, so that no reader prepares a zone on its
// first use. Apply calls it once per zone version it indexes, before the
// snapshot holding the version is published, concurrently for large
// batches (see parallelPrepare): it must be safe for concurrent use and
// must not modify z. It returns nil when it has nothing to keep for z,
// and the data's approximate size in bytes (counted in Stats.DerivedBytes).
type Deriver func(z *geo.Zone) (data any, bytes int64)

// Option configures an Index.
type Option func(*Index)

// WithDeriver makes Apply keep d's data with every zone version it
// indexes; SearchDerived hands it to readers. The package holding d need
// not be imported by index (tiles derives its render data this way).
func WithDeriver(d Deriver) Option {
	return func(ix *Index) { ix.derive = d }
}

// SearchDerived is Search that also passes each zone's derived data: nil
// without a Deriver or when the Deriver returned nil for the zone.
func (s *Snapshot) SearchDerived(b orb.Bound, q Query, fn func(z *geo.Zone, data any) bool) {
	s.tree.Search(b.Min, b.Max, func(_, _ [2]float64, e *entry) bool {
		if !q.matches(e) {
			return true
		}
		return fn(e.zone, e.derived)
	})
}
