package follow_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

func square(x, y float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
}

func TestFollowerAppliesEveryCommit(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "z.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.PutLayer(ctx, geo.Layer{ID: "cb", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatal(err)
	}
	ix := index.New()
	f := follow.New(store, ix, nil)
	if f.Ready() {
		t.Fatal("ready before the first catch-up")
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.Run(runCtx) }()

	zonesAt := func(p orb.Point) []*geo.Zone { return ix.Snapshot().ZonesAt(nil, p, index.Query{At: time.Now()}) }
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("ready", f.Ready)
	if got := f.Layers(); len(got) != 1 || got[0].ID != "cb" {
		t.Fatalf("layers %+v", got)
	}

	z := &geo.Zone{Layer: "cb", ID: "a", Kind: geo.KindCoalBan, Name: "A", Geometry: square(111, 36)}
	if err := data.Publish(ctx, store, []*geo.Zone{z}); err != nil {
		t.Fatal(err)
	}
	waitFor("the published zone", func() bool { return len(zonesAt(orb.Point{111.5, 36.5})) == 1 })

	// A new version that moves the zone replaces the old one in the index.
	z2 := &geo.Zone{Layer: "cb", ID: "a", Kind: geo.KindCoalBan, Name: "A", Geometry: square(113, 36)}
	if err := data.Publish(ctx, store, []*geo.Zone{z2}); err != nil {
		t.Fatal(err)
	}
	waitFor("the moved zone", func() bool {
		return len(zonesAt(orb.Point{111.5, 36.5})) == 0 && len(zonesAt(orb.Point{113.5, 36.5})) == 1
	})
	if got := zonesAt(orb.Point{113.5, 36.5})[0].Version; got != 2 {
		t.Errorf("version %d, want 2", got)
	}
	if f.Revision() == 0 {
		t.Error("revision not tracked")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}
