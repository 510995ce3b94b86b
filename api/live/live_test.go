package live_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zonegate/zonegate/api/live"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/track"
)

// TestIngestCountsAndWakes feeds one vehicle's positions through a Tracker
// without any HTTP: repeated and older positions are counted, leaving the
// corridors is stored as an off_route event, and the stored event wakes a
// stream waiting on Changed.
func TestIngestCountsAndWakes(t *testing.T) {
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "zonegate.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	start := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	offAfter := start.Add(time.Minute)
	tk := live.New(live.Options{MaxPositions: 10}, live.Deps{Store: store, Registry: prometheus.NewRegistry(),
		OffRoute: func(_ *index.Snapshot, f track.Fix) bool { return f.Time.After(offAfter) }})
	t.Cleanup(tk.Close)
	if got := tk.MaxPositions(); got != 10 {
		t.Errorf("MaxPositions = %d, want 10", got)
	}
	snap := index.New().Snapshot()
	fix := func(minutes int) track.Fix {
		return track.Fix{Plate: "晋A12345", Time: start.Add(time.Duration(minutes) * time.Minute), Point: orb.Point{111.5, 36.1}}
	}
	res, err := tk.Ingest(ctx, snap, nil, []track.Fix{fix(0), fix(1)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 2 || len(res.Events) != 0 {
		t.Fatalf("first ingest = %+v, want 2 accepted and no event", res)
	}
	woken := tk.Changed()
	res, err = tk.Ingest(ctx, snap, nil, []track.Fix{fix(1), fix(0), fix(2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 1 || res.Duplicates != 1 || res.Late != 1 {
		t.Errorf("second ingest = %+v, want 1 accepted, 1 duplicate, 1 late", res)
	}
	if len(res.Events) != 1 || res.Events[0].Type != data.EventOffRoute || res.Events[0].ID == 0 {
		t.Fatalf("events = %+v, want one stored off_route event", res.Events)
	}
	select {
	case <-woken:
	default:
		t.Error("storing an event did not close the Changed channel")
	}
	tk.Close()
	select {
	case <-tk.Done():
	default:
		t.Error("Close did not close Done")
	}
}
