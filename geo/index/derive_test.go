package index_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// The Deriver runs once per indexed version; its data follows the version
// through replacement and removal, and Stats.DerivedBytes counts what is
// held.
func TestDeriverFollowsVersions(t *testing.T) {
	calls := 0
	ix := index.New(index.WithDeriver(func(z *geo.Zone) (any, int64) {
		calls++
		return z.ID + "@" + string(rune('0'+z.Version)), 10 * int64(z.Version)
	}))
	sq := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	a1, b1 := published("l", "a", sq), published("l", "b", sq)
	ix.Apply(a1, b1)
	a2 := published("l", "a", sq)
	a2.Version = 2
	draft := published("l", "c", sq)
	draft.Status = geo.StatusDraft
	ix.Apply(a2, draft)
	got := map[string]any{}
	s := ix.Snapshot()
	s.SearchDerived(orb.Bound{Max: orb.Point{1, 1}}, index.Query{At: t2020}, func(z *geo.Zone, d any) bool {
		got[z.ID+"v"+string(rune('0'+z.Version))] = d
		return true
	})
	want := map[string]any{"av1": "a@1", "av2": "a@2", "bv1": "b@1"}
	if len(got) != len(want) {
		t.Fatalf("SearchDerived saw %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: derived %v, want %v", k, got[k], v)
		}
	}
	if calls != 3 {
		t.Errorf("Deriver called %d times, want 3 (drafts are not indexed)", calls)
	}
	if st := s.Stats(); st.DerivedBytes != 40 {
		t.Errorf("DerivedBytes = %d, want 40", st.DerivedBytes)
	}
	bRetired := published("l", "b", sq)
	bRetired.Status = geo.StatusRetired
	ix.Apply(bRetired)
	if st := ix.Snapshot().Stats(); st.DerivedBytes != 30 {
		t.Errorf("after removing b: DerivedBytes = %d, want 30", st.DerivedBytes)
	}
	plain := index.New()
	plain.Apply(a1)
	plain.Snapshot().SearchDerived(orb.Bound{Max: orb.Point{1, 1}}, index.Query{At: t2020}, func(_ *geo.Zone, d any) bool {
		if d != nil {
			t.Errorf("index without a Deriver passed %v", d)
		}
		return true
	})
}
