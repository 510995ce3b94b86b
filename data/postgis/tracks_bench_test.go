package postgis_test

import (
	"fmt"
	"testing"

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
