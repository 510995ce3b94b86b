package index_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

func TestLayerRevisionAndEpoch(t *testing.T) {
	sq := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	d := func(day int) time.Time { return time.Date(2020, 5, day, 0, 0, 0, 0, time.UTC) }
	ix := index.New()
	s0 := ix.Snapshot()
	if s0.LayerRevision("a") != 0 || !s0.Epoch(d(1)).IsZero() {
		t.Fatal("empty index has a revision or epoch")
	}
	v1 := &geo.Zone{Layer: "a", ID: "z", Version: 1, Kind: geo.KindCoalBan, Status: geo.StatusPublished, Geometry: sq,
		Validity: geo.Validity{From: d(10), To: d(20)}, Revision: 3}
	ix.Apply(v1)
	s1 := ix.Snapshot()
	if s1.LayerRevision("a") != 3 || s1.LayerRevision("b") != 0 {
		t.Errorf("revisions a=%d b=%d, want 3 and 0", s1.LayerRevision("a"), s1.LayerRevision("b"))
	}
	for _, tc := range []struct {
		at, want time.Time
	}{{d(9), time.Time{}}, {d(10), d(10)}, {d(15), d(10)}, {d(20), d(20)}, {d(25), d(20)}} {
		if got := s1.Epoch(tc.at); !got.Equal(tc.want) {
			t.Errorf("Epoch(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	// Retiring the version removes it and its boundaries but still moves the
	// layer's revision: the layer's content changed.
	v1r := *v1
	v1r.Status, v1r.Revision = geo.StatusRetired, 7
	ix.Apply(&v1r)
	s2 := ix.Snapshot()
	if s2.LayerRevision("a") != 7 || !s2.Epoch(d(25)).IsZero() || s2.Len() != 0 {
		t.Errorf("after retire: rev %d epoch %v len %d", s2.LayerRevision("a"), s2.Epoch(d(25)), s2.Len())
	}
	// The older snapshot is unchanged.
	if s1.LayerRevision("a") != 3 || !s1.Epoch(d(15)).Equal(d(10)) {
		t.Error("an old snapshot changed")
	}
}
