package index_test

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// square returns a closed axis-aligned square ring with corner (x, y).
func square(x, y, size float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}}
}

// keys renders zones as "layer/id@version" for comparison.
func keys(zs []*geo.Zone) []string {
	out := make([]string, 0, len(zs))
	for _, z := range zs {
		out = append(out, fmt.Sprintf("%s/%s@%d", z.Layer, z.ID, z.Version))
	}
	return out
}

func day(d int) time.Time { return time.Date(2020, 10, d, 0, 0, 0, 0, time.UTC) }

func TestApplyReplaceAndRemove(t *testing.T) {
	ix := index.New()
	a := published("coal", "a", square(0, 0, 2))
	b := published("coal", "b", square(1, 1, 2))
	ix.Apply(a, b)
	before := ix.Snapshot()
	p := orb.Point{1.5, 1.5}
	q := index.Query{At: t2020}
	if got := keys(before.ZonesAt(nil, p, q)); !slices.Equal(got, []string{"coal/a@1", "coal/b@1"}) {
		t.Fatalf("initial ZonesAt = %v", got)
	}

	// Replace a@1 with a geometry that no longer covers p.
	a2 := published("coal", "a", square(5, 5, 1))
	ix.Apply(a2)
	s := ix.Snapshot()
	if got := keys(s.ZonesAt(nil, p, q)); !slices.Equal(got, []string{"coal/b@1"}) {
		t.Errorf("after replace ZonesAt = %v, want [coal/b@1]", got)
	}
	if got := keys(s.ZonesAt(nil, orb.Point{5.5, 5.5}, q)); !slices.Equal(got, []string{"coal/a@1"}) {
		t.Errorf("after replace, new geometry: %v", got)
	}
	if s.Len() != 2 {
		t.Errorf("Len after replace = %d, want 2", s.Len())
	}

	// Retiring b removes it; a draft of an absent key is ignored.
	retired := *b
	retired.Status = geo.StatusRetired
	draft := published("coal", "c", square(0, 0, 9))
	draft.Status = geo.StatusDraft
	ix.Apply(&retired, draft)
	s = ix.Snapshot()
	if got := s.ZonesAt(nil, p, q); len(got) != 0 {
		t.Errorf("after retire ZonesAt = %v, want none", keys(got))
	}
	if s.Len() != 1 {
		t.Errorf("Len after retire = %d, want 1", s.Len())
	}

	// A new version is a new key: both versions are held.
	a3 := published("coal", "a", square(5, 5, 1))
	a3.Version = 2
	ix.Apply(a3)
	if got := keys(ix.Snapshot().ZonesAt(nil, orb.Point{5, 5}, q)); !slices.Equal(got, []string{"coal/a@1", "coal/a@2"}) {
		t.Errorf("two versions: %v", got)
	}

	// The old snapshot is unchanged.
	if got := keys(before.ZonesAt(nil, p, q)); !slices.Equal(got, []string{"coal/a@1", "coal/b@1"}) {
		t.Errorf("old snapshot changed: %v", got)
	}
	if before.Len() != 2 {
		t.Errorf("old snapshot Len = %d, want 2", before.Len())
	}
}

func TestQueryFilters(t *testing.T) {
	mk := func(layer, id string, from, to time.Time) *geo.Zone {
		z := published(layer, id, square(0, 0, 1))
		z.Validity = geo.Validity{From: from, To: to}
		return z
	}
	ix := index.New()
	ix.Apply(
		mk("burn", "open", time.Time{}, time.Time{}),
		mk("coal", "prelim", day(1), day(15)),
		mk("coal", "final", day(15), time.Time{}),
		mk("sewer", "old", time.Time{}, day(1)),
	)
	s := ix.Snapshot()
	tests := []struct {
		name string
		q    index.Query
		want []string
	}{
		{"BeforeEverything", index.Query{At: day(0).Add(-time.Hour)}, []string{"burn/open@1", "sewer/old@1"}},
		{"ValidToIsExclusive", index.Query{At: day(1)}, []string{"burn/open@1", "coal/prelim@1"}},
		{"ValidFromIsInclusive", index.Query{At: day(15)}, []string{"burn/open@1", "coal/final@1"}},
		{"OneLayer", index.Query{At: day(20), Layers: []string{"coal"}}, []string{"coal/final@1"}},
		{"TwoLayers", index.Query{At: day(5), Layers: []string{"sewer", "coal"}}, []string{"coal/prelim@1"}},
		{"UnknownLayer", index.Query{At: day(5), Layers: []string{"nope"}}, []string{}},
		{"EmptyLayersMeansAll", index.Query{At: day(5), Layers: []string{}}, []string{"burn/open@1", "coal/prelim@1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := keys(s.ZonesAt(nil, orb.Point{0.5, 0.5}, tc.q))
			if !slices.Equal(got, tc.want) {
				t.Errorf("ZonesAt = %v, want %v", got, tc.want)
			}
			var found []string
			s.Search(orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{0, 0}}, tc.q, func(z *geo.Zone) bool {
				found = append(found, fmt.Sprintf("%s/%s@%d", z.Layer, z.ID, z.Version))
				return true
			})
			slices.Sort(found)
			if found == nil {
				found = []string{}
			}
			if !slices.Equal(found, tc.want) {
				t.Errorf("Search = %v, want %v", found, tc.want)
			}
		})
	}
}

func TestNonArealAndInvalidZones(t *testing.T) {
	ix := index.New()
	line := published("route", "r", orb.LineString{{0, 0}, {2, 2}})
	pt := published("station", "s", orb.Point{1, 1})
	nilGeom := published("coal", "nil", nil)
	empty := published("coal", "empty", orb.Polygon{})
	nanPoly := published("coal", "nan", orb.Polygon{{{0, 0}, {math.NaN(), 1}, {1, 1}, {0, 0}}})
	ix.Apply(line, pt, nilGeom, empty, nanPoly, nil)
	s := ix.Snapshot()
	if s.Len() != 2 {
		t.Errorf("Len = %d, want 2 (line and point only)", s.Len())
	}
	q := index.Query{At: t2020}
	if got := s.ZonesAt(nil, orb.Point{1, 1}, q); len(got) != 0 {
		t.Errorf("non-areal zones matched containment: %v", keys(got))
	}
	var found []string
	s.Search(orb.Bound{Min: orb.Point{0.5, 0.5}, Max: orb.Point{1, 1}}, q, func(z *geo.Zone) bool {
		found = append(found, z.ID)
		return true
	})
	slices.Sort(found)
	if !slices.Equal(found, []string{"r", "s"}) {
		t.Errorf("Search = %v, want [r s]", found)
	}
	n := 0
	s.Search(orb.Bound{Min: orb.Point{-10, -10}, Max: orb.Point{10, 10}}, q, func(*geo.Zone) bool { n++; return false })
	if n != 1 {
		t.Errorf("Search after fn returned false called fn %d times, want 1", n)
	}
}

func TestZonesAtDoesNotAllocate(t *testing.T) {
	ix := index.New()
	for i := 0; i < 50; i++ {
		ix.Apply(published("l", fmt.Sprintf("z%02d", 49-i), square(float64(i%5)*0.1, 0, 1)))
	}
	s := ix.Snapshot()
	dst := make([]*geo.Zone, 0, 64)
	q := index.Query{At: t2020, Layers: []string{"l"}}
	var n int
	allocs := testing.AllocsPerRun(100, func() {
		dst = s.ZonesAt(dst[:0], orb.Point{0.45, 0.5}, q)
		n = len(dst)
	})
	if allocs != 0 {
		t.Errorf("ZonesAt allocated %.1f times per call", allocs)
	}
	if n != 50 {
		t.Fatalf("ZonesAt found %d zones, want 50", n)
	}
	if !slices.IsSortedFunc(dst, func(a, b *geo.Zone) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	}) {
		t.Errorf("result not sorted by ID: %v", keys(dst))
	}
}

// TestConcurrentReadersDuringApply is meant for -race: readers query
// snapshots while the writer replaces zones, and every snapshot must be
// internally consistent (exactly one version of the moving zone).
func TestConcurrentReadersDuringApply(t *testing.T) {
	ix := index.New()
	ix.Apply(published("l", "fixed", square(0, 0, 10)), published("l", "moving", square(0, 0, 10)))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]*geo.Zone, 0, 4)
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := ix.Snapshot()
				dst = s.ZonesAt(dst[:0], orb.Point{5, 5}, index.Query{At: t2020})
				if len(dst) != 2 || s.Len() != 2 {
					errs <- fmt.Errorf("snapshot sees %v (Len %d), want fixed and moving", keys(dst), s.Len())
					return
				}
			}
		}()
	}
	for i := 0; i < 300; i++ {
		ix.Apply(published("l", "moving", square(float64(i%3), 0, 10)))
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
