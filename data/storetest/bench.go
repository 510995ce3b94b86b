package storetest

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
)

// BenchTrackBatch returns the round-th batch of a CommitTrack benchmark:
// the states of vehicles vehicles (the same plates every round, so later
// rounds update) and events new events (keys unique across rounds), all
// derived from round without randomness.
func BenchTrackBatch(round, vehicles, events int) data.TrackBatch {
	at := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(round) * time.Second)
	b := data.TrackBatch{Vehicles: make([]*data.Vehicle, vehicles), Events: make([]*data.Event, events)}
	for i := range b.Vehicles {
		b.Vehicles[i] = &data.Vehicle{Plate: fmt.Sprintf("晋L·%05d", i), Time: at,
			Position: orb.Point{111 + float64(i%100)*0.01, 36 + float64(round%100)*0.001},
			Zones:    []string{"coal/z" + fmt.Sprint(i%7)}, OffRoute: i%5 == 0, Cargo: "coal"}
	}
	types := []string{data.EventEnter, data.EventExit, data.EventOffRoute, data.EventOnRoute}
	for i := range b.Events {
		e := &data.Event{Key: fmt.Sprintf("r%d-e%d", round, i), Plate: fmt.Sprintf("晋L·%05d", i%max(vehicles, 1)),
			Time: at, Type: types[i%4], Position: orb.Point{111.5, 36.08}, Cargo: "coal"}
		if e.Type == data.EventEnter || e.Type == data.EventExit {
			e.Layer, e.Zone, e.ZoneName = "coal", fmt.Sprint("z", i%7), "禁煤区"
		}
		b.Events[i] = e
	}
	return b
}
