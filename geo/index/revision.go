package index

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// versions tracks what caches need to know about the index's content: per
// layer, the newest store revision applied, and the set of validity
// boundaries of the indexed versions. Owned by the writer.
type versions struct {
	layerRev map[string]int64
	bounds   map[int64]int // validity boundary (Unix ns) -> number of entries using it
}

// versionView is the immutable copy a snapshot carries.
type versionView struct {
	layerRev map[string]int64
	bounds   []int64 // sorted
}

func newVersions() versions {
	return versions{layerRev: map[string]int64{}, bounds: map[int64]int{}}
}

// seen records that a version of z's layer was applied, published or not:
// a retirement changes the layer as much as a publication does.
func (v *versions) seen(z *geo.Zone) {
	if z.Revision > v.layerRev[z.Layer] {
		v.layerRev[z.Layer] = z.Revision
	}
}

// boundary adds (sign 1) or removes (sign -1) an indexed validity interval.
func (v *versions) boundary(val geo.Validity, sign int) {
	for _, t := range [2]time.Time{val.From, val.To} {
		if t.IsZero() {
			continue
		}
		k := t.UnixNano()
		if v.bounds[k] += sign; v.bounds[k] <= 0 {
			delete(v.bounds, k)
		}
	}
}

func (v *versions) view() versionView {
	b := slices.Sorted(maps.Keys(v.bounds))
	return versionView{layerRev: maps.Clone(v.layerRev), bounds: b}
}

// LayerRevision returns the newest store revision among the versions of
// layer the index has applied (0 if none). It changes whenever the layer's
// content may have changed, so it can key caches of derived data such as
// tiles.
func (s *Snapshot) LayerRevision(layer string) int64 { return s.vers.layerRev[layer] }

// Epoch returns the latest validity boundary (a valid_from or valid_to of
// an indexed version) at or before at, or the zero time if there is none.
// Two times with the same Epoch see the same set of active zones in the same
// snapshot, so (Epoch, revisions) can key a cache for queries "as of" any
// time.
func (s *Snapshot) Epoch(at time.Time) time.Time {
	b := s.vers.bounds
	i := sort.Search(len(b), func(i int) bool { return b[i] > at.UnixNano() })
	if i == 0 {
		return time.Time{}
	}
	return time.Unix(0, b[i-1]).UTC()
}
