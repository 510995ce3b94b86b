// Package track is the per-vehicle state machine of live tracking: it
// decides whether a reported position is new, a duplicate or late, and
// which events (entering or leaving a zone, leaving or rejoining the
// designated routes) separate a vehicle's previous state from the new one.
//
// The package is pure: where a position lies (its zones, whether it is off
// route) is computed by the caller and handed in as a Place, so the state
// machine can be tested without an index and reused with any lookup.
//
// Ordering rules:
//   - A position is accepted only if it is strictly later than the
//     vehicle's latest accepted position. One at the same time is a
//     Duplicate, an earlier one is Late; neither changes the state or
//     produces an event, so re-sent and out-of-order positions never yield
//     false events. Callers sort a batch by (plate, time) first (SortFixes),
//     so the order inside one batch does not matter.
//   - A vehicle never seen before has the empty state: its first position
//     produces an enter event for every zone it is in, and off_route if it
//     is off route.
package track

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Event types, the same strings as data.EventEnter and its siblings.
const (
	Enter    = "enter"     // the vehicle entered a zone
	Exit     = "exit"      // the vehicle left a zone
	OffRoute = "off_route" // the vehicle left every designated corridor
	OnRoute  = "on_route"  // the vehicle is back inside a corridor (or where routes no longer apply)
)

// Fix is one reported position of a vehicle, in WGS84.
type Fix struct {
	Plate string
	Time  time.Time
	Point orb.Point
	Cargo string
	// Index is the fix's position in the client's request; it keeps the
	// order of fixes with equal (plate, time) and names them in errors.
	Index int
}

// Place is where a fix lies: the zones containing it as sorted, distinct
// "layer/id" strings, and whether it is off route (outside every designated
// corridor where routes apply; false where they do not apply).
type Place struct {
	Zones    []string
	OffRoute bool
}

// State is a vehicle's tracked state: its latest accepted fix and the place
// of that fix. The zero State is a vehicle never seen.
type State struct {
	Time     time.Time
	Point    orb.Point
	Zones    []string // sorted "layer/id"
	OffRoute bool
	Cargo    string
}

// Known reports whether the state holds an accepted fix.
func (s *State) Known() bool { return !s.Time.IsZero() }

// Outcome classifies a fix against a vehicle's state.
type Outcome int

// Outcomes of Admit.
const (
	Accepted  Outcome = iota // strictly later than the latest accepted fix (or the first one)
	Duplicate                // at the same time as the latest accepted fix
	Late                     // earlier than the latest accepted fix
)

// String returns "accepted", "duplicate" or "late".
func (o Outcome) String() string {
	switch o {
	case Accepted:
		return "accepted"
	case Duplicate:
		return "duplicate"
	default:
		return "late"
	}
}

// Admit classifies a fix at time t against the state.
func (s *State) Admit(t time.Time) Outcome {
	switch {
	case !s.Known() || t.After(s.Time):
		return Accepted
	case t.Equal(s.Time):
		return Duplicate
	default:
		return Late
	}
}

// Change is one event between two states: Type is Enter, Exit, OffRoute or
// OnRoute, Zone the "layer/id" entered or left (empty for route events).
type Change struct {
	Type string
	Zone string
}

// Next returns the state after an accepted fix f at place at, and appends
// to dst the changes from s to it: exits (in zone order), then enters (in
// zone order), then the route change if any. at.Zones must be sorted and
// distinct; the new state keeps that slice, so the caller must not modify
// it afterwards. Next does not check Admit; callers do.
func (s *State) Next(f Fix, at Place, dst []Change) (State, []Change) {
	old, cur := s.Zones, at.Zones
	i, j := 0, 0
	for i < len(old) || j < len(cur) {
		switch {
		case j == len(cur) || (i < len(old) && old[i] < cur[j]):
			dst = append(dst, Change{Type: Exit, Zone: old[i]})
			i++
		case i == len(old) || cur[j] < old[i]:
			j++
		default:
			i++
			j++
		}
	}
	i, j = 0, 0
	for j < len(cur) {
		switch {
		case i == len(old) || cur[j] < old[i]:
			dst = append(dst, Change{Type: Enter, Zone: cur[j]})
			j++
		case old[i] < cur[j]:
			i++
		default:
			i++
			j++
		}
	}
	switch {
	case at.OffRoute && !s.OffRoute:
		dst = append(dst, Change{Type: OffRoute})
	case !at.OffRoute && s.OffRoute:
		dst = append(dst, Change{Type: OnRoute})
	}
	return State{Time: f.Time, Point: f.Point, Zones: cur, OffRoute: at.OffRoute, Cargo: f.Cargo}, dst
}

// SortFixes sorts fixes by plate, then time, then Index, in place: the
// order in which a batch must be applied.
func SortFixes(fs []Fix) {
	slices.SortFunc(fs, func(a, b Fix) int {
		if c := strings.Compare(a.Plate, b.Plate); c != 0 {
			return c
		}
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
}

// Key is the idempotency key of the event of change c for the fix of plate
// at t: "plate|time|type" plus "|layer/id" for zone events, the time in UTC
// RFC 3339 with nanoseconds. The same fix and change always give the same
// key, on any replica. Plates must not contain '|' (callers reject them),
// so keys are unambiguous.
func Key(plate string, t time.Time, c Change) string {
	var b strings.Builder
	ts := t.UTC().Format(time.RFC3339Nano)
	b.Grow(len(plate) + len(ts) + len(c.Type) + len(c.Zone) + 3)
	b.WriteString(plate)
	b.WriteByte('|')
	b.WriteString(ts)
	b.WriteByte('|')
	b.WriteString(c.Type)
	if c.Zone != "" {
		b.WriteByte('|')
		b.WriteString(c.Zone)
	}
	return b.String()
}

// ZoneRef returns the "layer/id" form of a zone used in Place and State.
func ZoneRef(layer, id string) string { return layer + "/" + id }

// SplitZoneRef splits "layer/id" into its layer and id. Layer ids contain
// no '/', so the first slash separates them.
func SplitZoneRef(ref string) (layer, id string) {
	layer, id, _ = strings.Cut(ref, "/")
	return layer, id
}
