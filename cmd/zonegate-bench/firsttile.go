package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/paulmach/orb/maptile"
)

const (
	// firstTileRestarts is how many times zonegate is restarted to time
	// its first tile.
	firstTileRestarts = 3
	// warmTileRepeats is how many times the same tile is asked again on
	// each restart, for the warm time.
	warmTileRepeats = 5
	// firstTileZoom is the zoom of the tile timed (issue 16: the first z8
	// tile after start costs what a warm one does).
	firstTileZoom maptile.Zoom = 8
)

// firstTile restarts zonegate firstTileRestarts times and times, on each,
// the first request of the z8 tile holding the first point, once /readyz
// answers; then the same tile again warmTileRepeats times on the same
// connection (the tile cache is off, so each is rendered). It prints the
// medians, their ratio, and how long a restart took to become ready. It
// runs last: zonegate's CPU reader in the table's servers is stale after.
func (b *bench) firstTile(ctx context.Context, zg *zonegateServer, out io.Writer) error {
	t := maptile.At(b.pts[0], firstTileZoom)
	var ready, first, warm []time.Duration
	for range firstTileRestarts {
		took, err := zg.restart(ctx)
		if err != nil {
			return fmt.Errorf("first tile: restart: %w", err)
		}
		ready = append(ready, took)
		f, w, err := timeTile(zg.addr, t)
		if err != nil {
			return fmt.Errorf("first tile: %w", err)
		}
		first = append(first, f)
		warm = append(warm, w)
	}
	mf, mw := medianDur(first), medianDur(warm)
	fmt.Fprintf(out, "\nFirst tile after a restart (%d restarts; tile cache off): z%d/%d/%d first asked %s (median; max %s), the same tile again %s (median of %d a restart): %.2f× warm; restart to /readyz %s (median)\n",
		firstTileRestarts, t.Z, t.X, t.Y, fmtDur(mf), fmtDur(slices.Max(first)), fmtDur(mw), warmTileRepeats, ratio(float64(mf), float64(mw)), fmtDur(medianDur(ready)))
	return nil
}

// timeTile asks zonegate at addr for tile t on a new connection: the
// first request's time, and the median of warmTileRepeats more.
func timeTile(addr string, t maptile.Tile) (first, warm time.Duration, err error) {
	h, err := dialHTTP(addr, "")
	if err != nil {
		return 0, 0, err
	}
	defer h.Close()
	times := make([]time.Duration, 0, 1+warmTileRepeats)
	for range 1 + warmTileRepeats {
		t0 := time.Now()
		if _, err := zonegateTile(h, t); err != nil {
			return 0, 0, err
		}
		times = append(times, time.Since(t0))
	}
	return times[0], medianDur(times[1:]), nil
}

// medianDur is the median of ds (the upper one of an even count).
func medianDur(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
