package replay

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo/trucks"
)

// Day generates the fleet departing at start and replays it.
func (rp *Replayer) Day(ctx context.Context, start time.Time) (Stats, error) {
	fleet, err := trucks.Generate(trucks.Config{Start: start})
	if err != nil {
		return Stats{}, err
	}
	return rp.Run(ctx, fleet)
}

// SimulateSpeed is the pace of Simulate: a simulated minute per second.
const SimulateSpeed = 60

// Simulate replays the demo fleet through h (the server's own handler)
// day after day until ctx ends, starting the day after the latest stored
// vehicle position (so a restart shows new events) or at
// trucks.DefaultStart. It logs each day and stops on the first error.
func Simulate(ctx context.Context, h http.Handler, store data.Store, log *slog.Logger) {
	start := trucks.DefaultStart
	if vs, err := store.Vehicles(ctx); err == nil {
		for _, v := range vs {
			for !start.After(v.Time) {
				start = start.AddDate(0, 0, 1)
			}
		}
	}
	rp := &Replayer{Client: InProcessClient(h), URL: "http://zonegate.internal", Speed: SimulateSpeed}
	for day := 0; ; day++ {
		from := start.AddDate(0, 0, day)
		log.Info("simulating demo trucks (synthetic)", "day", from.Format(time.RFC3339), "speed", SimulateSpeed)
		st, err := rp.Day(ctx, from)
		if err != nil {
			if ctx.Err() == nil {
				log.Error("truck simulation stopped", "err", err)
			}
			return
		}
		log.Info("simulated demo trucks", "day", from.Format(time.RFC3339), "result", st.String())
	}
}
