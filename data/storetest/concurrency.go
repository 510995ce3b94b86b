package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var contextTests = []test{
	{"CanceledFails", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		ctx := canceled(t)
		noop := func(*geo.Zone) error { return nil }
		calls := map[string]func() error{
			"PutLayer": func() error {
				_, err := s.PutLayer(ctx, geo.Layer{ID: "new", Kind: geo.KindCustom})
				return err
			},
			"Layer":  func() error { _, err := s.Layer(ctx, layerCoal); return err },
			"Layers": func() error { _, err := s.Layers(ctx); return err },
			"Commit": func() error { return s.Commit(ctx, data.Batch{Append: []*geo.Zone{coalZone("z2")}}) },
			"Zone":   func() error { _, err := s.Zone(ctx, layerCoal, "z1"); return err },
			"ZoneVersions": func() error {
				_, err := s.ZoneVersions(ctx, layerCoal, "z1")
				return err
			},
			"Changes": func() error { _, err := s.Changes(ctx, 0, noop); return err },
			"LogInspections": func() error {
				return s.LogInspections(ctx, []*data.Inspection{{Time: t0, Decision: "allow", Action: "pass"}})
			},
			"Inspections": func() error { _, err := s.Inspections(ctx, data.InspectionFilter{}); return err },
		}
		for name, call := range calls {
			if err := call(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with cancelled context: err = %v, want context.Canceled", name, err)
			}
		}
		if _, err := s.Layer(t.Context(), "new"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("cancelled PutLayer wrote: %v", err)
		}
		if _, err := s.Zone(t.Context(), layerCoal, "z2"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("cancelled Commit wrote: %v", err)
		}
		if got, _ := s.Inspections(t.Context(), data.InspectionFilter{}); len(got) != 0 {
			t.Errorf("cancelled LogInspections wrote %d records", len(got))
		}
	}},
}

// writers is the number of goroutines in the concurrency tests.
const writers = 8

var concurrencyTests = []test{
	{"AppendsAllLand", func(t *testing.T, s data.Store) {
		setup(t, s)
		const each = 10
		var mu sync.Mutex
		var got []int64
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for range each {
					z := coalZone("hot")
					z.Author = fmt.Sprintf("writer-%d", w)
					if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					got = append(got, z.Version)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("concurrent Commit: %v", err)
		}
		want := make([]int64, writers*each)
		for i := range want {
			want[i] = int64(i + 1)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("assigned versions = %v, want 1..%d each once", got, len(want))
		}
		if stored := versions(t, s, layerCoal, "hot"); !slices.Equal(stored, want) {
			t.Errorf("stored versions = %v, want 1..%d", stored, len(want))
		}
	}},
	{"ExplicitVersionOneWins", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("hot")}})
		start := make(chan struct{})
		results := make(chan error, writers)
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				z := coalZone("hot")
				z.Version = 2
				<-start
				results <- s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z}})
			})
		}
		close(start)
		wg.Wait()
		close(results)
		wins, conflicts := 0, 0
		for err := range results {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, data.ErrConflict):
				conflicts++
			default:
				t.Errorf("Commit: unexpected error %v", err)
			}
		}
		if wins != 1 || conflicts != writers-1 {
			t.Errorf("%d wins, %d conflicts; want 1 and %d", wins, conflicts, writers-1)
		}
		if got := versions(t, s, layerCoal, "hot"); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("stored versions = %v, want [1 2]", got)
		}
	}},
}
