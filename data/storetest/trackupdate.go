package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/data"
)

// trackUpdateTests check UpdateTrack: what apply sees, that a failed apply
// writes nothing, and that concurrent updates of one vehicle run one after
// another.
var trackUpdateTests = []test{
	{"ApplyErrorWritesNothing", func(t *testing.T, s data.Store) {
		boom := errors.New("boom")
		err := s.UpdateTrack(t.Context(), []string{"晋A1"}, func(stored map[string]*data.Vehicle) (data.TrackBatch, error) {
			if len(stored) != 0 {
				t.Errorf("apply saw %d stored vehicles on an empty store", len(stored))
			}
			return data.TrackBatch{}, boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("UpdateTrack = %v, want apply's error", err)
		}
		if vs, err := s.Vehicles(t.Context()); err != nil || len(vs) != 0 {
			t.Fatalf("Vehicles after a failed update = %v, %v; want none", vs, err)
		}
	}},
	{"SerialPerVehicle", func(t *testing.T, s data.Store) {
		// Workers each advance both vehicles by one second per update,
		// from the state apply is given, and store an event keyed by the
		// new time. Two updates judging the same state would write the
		// same time: fewer seconds and fewer events than updates.
		const workers, rounds = 6, 5
		start := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		for w := range workers {
			plates := []string{"晋A1", "晋B2"}
			if w%2 == 1 {
				plates = []string{"晋B2", "晋A1"} // either order: the store sorts
			}
			wg.Go(func() {
				for range rounds {
					err := s.UpdateTrack(t.Context(), plates, func(stored map[string]*data.Vehicle) (data.TrackBatch, error) {
						var b data.TrackBatch
						for _, p := range plates {
							at := start
							if v := stored[p]; v != nil {
								at = v.Time.Add(time.Second)
							}
							b.Vehicles = append(b.Vehicles, &data.Vehicle{Plate: p, Time: at, Position: orb.Point{111, 36}, Zones: []string{}})
							b.Events = append(b.Events, &data.Event{Key: fmt.Sprintf("%s|%s", p, at.Format(time.RFC3339)), Plate: p,
								Time: at, Type: data.EventOffRoute, Position: orb.Point{111, 36}})
						}
						return b, nil
					})
					if err != nil {
						t.Errorf("UpdateTrack: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		vs, err := s.Vehicles(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := start.Add((workers*rounds - 1) * time.Second)
		if len(vs) != 2 || !vs[0].Time.Equal(want) || !vs[1].Time.Equal(want) {
			t.Errorf("vehicles = %+v, %+v; want both at %v", vs[0], vs[len(vs)-1], want)
		}
		evs, err := s.Events(t.Context(), data.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 2*workers*rounds {
			t.Errorf("%d events, want %d", len(evs), 2*workers*rounds)
		}
	}},
}
