package data

import (
	"fmt"
	"math"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// CheckTrackBatch checks what every TrackStore requires of a batch: each
// vehicle has a plate, each event a key, a plate and a known type, and
// every time (years 1–9999) and position (finite) can be stored. Failures
// wrap geo.ErrInvalid; nothing of an invalid batch is written.
func CheckTrackBatch(b TrackBatch) error {
	for i, v := range b.Vehicles {
		if v == nil || v.Plate == "" {
			return fmt.Errorf("%w: vehicle %d: no plate", geo.ErrInvalid, i)
		}
		if err := checkTrackPoint(v.Time, v.Position[0], v.Position[1]); err != nil {
			return fmt.Errorf("vehicle %s: %w", v.Plate, err)
		}
	}
	for i, e := range b.Events {
		if e == nil || e.Key == "" || e.Plate == "" {
			return fmt.Errorf("%w: event %d: key and plate must be set", geo.ErrInvalid, i)
		}
		switch e.Type {
		case EventEnter, EventExit, EventOffRoute, EventOnRoute:
		default:
			return fmt.Errorf("%w: event %s: unknown type %q", geo.ErrInvalid, e.Key, e.Type)
		}
		if err := checkTrackPoint(e.Time, e.Position[0], e.Position[1]); err != nil {
			return fmt.Errorf("event %s: %w", e.Key, err)
		}
	}
	return nil
}

// checkTrackPoint rejects times outside years 1–9999 and non-finite
// positions (SQLite would store NaN as NULL).
func checkTrackPoint(t time.Time, lon, lat float64) error {
	if y := t.UTC().Year(); !t.IsZero() && (y < 1 || y > 9999) {
		return fmt.Errorf("%w: time: year %d outside 1-9999", geo.ErrInvalid, y)
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) || math.IsNaN(lat) || math.IsInf(lat, 0) {
		return fmt.Errorf("%w: position (%g, %g) is not finite", geo.ErrInvalid, lon, lat)
	}
	return nil
}
