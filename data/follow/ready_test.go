package follow_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// flaky is a store whose change feed fails while down is set, like a
// database whose connections were dropped.
type flaky struct {
	data.Store
	down bool
}

var errDown = errors.New("connection lost")

func (f *flaky) Changes(ctx context.Context, since int64, fn func(*geo.Zone) error) (int64, error) {
	if f.down {
		return 0, errDown
	}
	return f.Store.Changes(ctx, since, fn)
}

func TestReadinessFollowsCatchUpOutcome(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "z.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutLayer(ctx, geo.Layer{ID: "cb", Kind: geo.KindCoalBan, Title: "禁煤区"}); err != nil {
		t.Fatal(err)
	}
	store := &flaky{Store: s}
	ix := index.New()
	f := follow.New(store, ix, nil)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	steps := []struct {
		name      string
		down      bool
		ctx       context.Context
		publish   bool
		wantErr   bool
		wantReady bool
		wantZones int
	}{
		{"first catch-up fails: not ready", true, ctx, false, true, false, 0},
		{"store back: ready", false, ctx, false, false, true, 0},
		{"connection lost after a commit: not ready", true, ctx, true, true, false, 0},
		{"reconnected: ready with the missed zone", false, ctx, false, false, true, 1},
		{"failure from a cancelled context keeps readiness", true, cancelled, false, true, true, 1},
	}
	for _, st := range steps {
		if st.publish {
			z := &geo.Zone{Layer: "cb", ID: "a", Kind: geo.KindCoalBan, Name: "A", Geometry: square(111, 36)}
			if err := data.Publish(ctx, s, []*geo.Zone{z}); err != nil {
				t.Fatal(err)
			}
		}
		store.down = st.down
		err := f.CatchUp(st.ctx)
		if (err != nil) != st.wantErr || f.Ready() != st.wantReady || ix.Snapshot().Len() != st.wantZones {
			t.Errorf("%s: CatchUp = %v, Ready = %v, %d zones; want error %v, ready %v, %d zones",
				st.name, err, f.Ready(), ix.Snapshot().Len(), st.wantErr, st.wantReady, st.wantZones)
		}
	}
}
