package postgis_test

import (
	"fmt"
	"testing"

	"github.com/zonegate/zonegate/data"

	"github.com/zonegate/zonegate/data/storetest"
)

// BenchmarkCommitTrack measures one CommitTrack of 1,000 vehicle upserts
// and 1,000 new events (and, for comparison, of each alone).
func BenchmarkCommitTrack(b *testing.B) {
	for _, c := range []struct{ vehicles, events int }{{1000, 1000}, {1000, 0}, {0, 1000}} {
		b.Run(fmt.Sprintf("vehicles=%d/events=%d", c.vehicles, c.events), func(b *testing.B) {
			s, _ := fresh(b)
			round := 0
			for b.Loop() {
				b.StopTimer()
				batch := storetest.BenchTrackBatch(round, c.vehicles, c.events)
				round++
				b.StartTimer()
				if err := s.CommitTrack(b.Context(), batch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdateTrack measures one UpdateTrack of 1,000 stored vehicles
// (locked, read, rewritten) and 20 new events, next to CommitTrack's
// blind write of the same batch.
func BenchmarkUpdateTrack(b *testing.B) {
	s, _ := fresh(b)
	if err := s.CommitTrack(b.Context(), storetest.BenchTrackBatch(0, 1000, 0)); err != nil {
		b.Fatal(err)
	}
	round := 1
	for b.Loop() {
		b.StopTimer()
		batch := storetest.BenchTrackBatch(round, 1000, 20)
		round++
		plates := make([]string, len(batch.Vehicles))
		for i, v := range batch.Vehicles {
			plates[i] = v.Plate
		}
		b.StartTimer()
		err := s.UpdateTrack(b.Context(), plates, func(stored map[string]*data.Vehicle) (data.TrackBatch, error) {
			if len(stored) != len(plates) {
				return data.TrackBatch{}, fmt.Errorf("%d vehicles stored, want %d", len(stored), len(plates))
			}
			return batch, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
