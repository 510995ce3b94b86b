package inspectlog

import (
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// maxWarnedStations bounds the unknown station ids remembered for the
// once-per-station warning; ids beyond it are only counted.
const maxWarnedStations = 1000

// unknownStations writes the "check from an unknown station" warning once
// per station id and process, for the first maxWarnedStations ids, and
// counts every check from an unknown station in checks
// (zonegate_checks_unknown_station_total). A station sending thousands of
// checks thus costs one log line, not one per check.
type unknownStations struct {
	log    *slog.Logger
	checks prometheus.Counter

	mu     sync.Mutex
	warned map[string]struct{}
	full   bool // the limit was reached and said so
}

func newUnknownStations(log *slog.Logger, checks prometheus.Counter) *unknownStations {
	return &unknownStations{log: log, checks: checks, warned: make(map[string]struct{})}
}

// note counts a check from the unknown station id and warns the first time
// the id is seen.
func (u *unknownStations) note(station, requestID string) {
	u.checks.Inc()
	u.mu.Lock()
	_, seen := u.warned[station]
	first, sayFull := false, false
	switch {
	case seen:
	case len(u.warned) < maxWarnedStations:
		u.warned[station] = struct{}{}
		first = true
	case !u.full:
		u.full, sayFull = true, true
	}
	u.mu.Unlock()
	if first {
		u.log.Warn("check from an unknown station; later checks from it are counted in zonegate_checks_unknown_station_total",
			"station", station, "request_id", requestID)
	}
	if sayFull {
		u.log.Warn("more unknown stations than are warned about; further ones are only counted in zonegate_checks_unknown_station_total",
			"limit", maxWarnedStations, "station", station, "request_id", requestID)
	}
}
