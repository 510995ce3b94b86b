package api

// POST /v1/tracks: live truck positions in, enter/exit/off_route events
// out. The handler only decodes and validates; the state machine is
// geo/track and the per-plate bookkeeping is api/live.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/track"
)

// maxTrackFuture is how far ahead of the server clock a position's time may
// be. A terminal with a clock years ahead would otherwise make every later
// real position of its vehicle "late".
const maxTrackFuture = 24 * time.Hour

// tracksRequest is the body of POST /v1/tracks.
type tracksRequest struct {
	Positions []positionJSON `json:"positions"`
}

// positionJSON is one reported position. Lon and Lat are pointers so that a
// missing coordinate is told apart from 0.
type positionJSON struct {
	Plate string     `json:"plate"`
	Time  string     `json:"time"`
	Lon   *float64   `json:"lon"`
	Lat   *float64   `json:"lat"`
	CRS   string     `json:"crs,omitempty"`
	Cargo cargoField `json:"cargo,omitempty"`
}

// cargoField is a position's cargo: a string ("coal"), or an object like
// the check request's cargo, of which the fuel is kept.
type cargoField string

// UnmarshalJSON accepts a string, null, or an object with a "fuel" string.
func (c *cargoField) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '{':
		var obj map[string]any
		if err := json.Unmarshal(b, &obj); err != nil {
			return fmt.Errorf("cargo: %w", err)
		}
		fuel, _ := obj["fuel"].(string)
		*c = cargoField(fuel)
		return nil
	case string(b) == "null":
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return badRequest("invalid_type", "cargo", "cargo must be a string or an object with a fuel")
	}
	*c = cargoField(s)
	return nil
}

// positionError is one rejected position of a batch.
type positionError struct {
	Index   int    `json:"index"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// tracksResponse answers POST /v1/tracks.
type tracksResponse struct {
	Accepted   int             `json:"accepted"`
	Duplicates int             `json:"duplicates"` // same plate and time as the vehicle's latest accepted position
	Late       int             `json:"late"`       // older than the vehicle's latest accepted position
	Rejected   int             `json:"rejected"`   // invalid, listed in errors
	Errors     []positionError `json:"errors"`
	Events     []*data.Event   `json:"events"` // the events this request stored, in ID order
}

// postTracks answers POST /v1/tracks. A body that is not JSON of the right
// shape is refused whole (400); positions with bad values are rejected one
// by one and listed in "errors" while the others are processed (200),
// unless every position is bad (400 with the list in details).
func (s *Server) postTracks(w http.ResponseWriter, r *http.Request) error {
	var req tracksRequest
	if err := decodeJSON(w, r, s.limits.batchBody, &req); err != nil {
		return err
	}
	if n, most := len(req.Positions), s.live.MaxPositions(); n > most {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_many_positions", Field: "positions",
			Message: fmt.Sprintf("%d positions in one request; the limit is %d", n, most)}
	}
	fixes, rejects := s.trackFixes(req.Positions)
	if len(fixes) == 0 && len(rejects) > 0 {
		e := badRequest(rejects[0].Code, rejects[0].Field, "no valid position: %s", rejects[0].Message)
		e.Details = map[string]any{"errors": rejects}
		return e
	}
	res, err := s.live.Ingest(r.Context(), s.index.Snapshot(), s.follower.Layers(), fixes)
	if err != nil {
		return s.tracksUnavailable(w, r, err)
	}
	if rejects == nil {
		rejects = []positionError{}
	}
	writeJSON(w, http.StatusOK, tracksResponse{Accepted: res.Accepted, Duplicates: res.Duplicates, Late: res.Late,
		Rejected: len(rejects), Errors: rejects, Events: res.Events})
	return nil
}

// tracksUnavailable answers positions that could not be committed. The
// positions and their events are stored in one transaction before the
// answer (live.Tracker.Ingest), so a failure stores none of them: 503
// store_unavailable with Retry-After tells the terminal to send them again.
// Client errors and a client that went away are answered as they are.
func (s *Server) tracksUnavailable(w http.ResponseWriter, r *http.Request, err error) error {
	var apiErr *Error
	if errors.As(err, &apiErr) || errors.Is(err, geo.ErrInvalid) || (errors.Is(err, context.Canceled) && r.Context().Err() != nil) {
		return err
	}
	s.log.Error("positions not stored", "request_id", middleware.GetReqID(r.Context()), "err", err)
	w.Header().Set("Retry-After", logRetryAfter)
	return &Error{Status: http.StatusServiceUnavailable, Code: "store_unavailable",
		Message: "the positions cannot be stored right now and none were; send them again shortly",
		Details: map[string]any{"message_zh": "位置暂时无法保存（本次均未保存），请稍后重新发送"}}
}

// trackFixes validates positions and converts the valid ones to WGS84 fixes.
func (s *Server) trackFixes(ps []positionJSON) ([]track.Fix, []positionError) {
	fixes := make([]track.Fix, 0, len(ps))
	var rejects []positionError
	latest := s.now().Add(maxTrackFuture)
	for i := range ps {
		f, err := s.trackFix(&ps[i], i, latest)
		if err != nil {
			rejects = append(rejects, positionError{Index: i, Field: fmt.Sprintf("positions[%d].%s", i, err.Field), Code: err.Code, Message: err.Message})
			continue
		}
		fixes = append(fixes, f)
	}
	return fixes, rejects
}

// trackFix validates one position; the error's Field is the member name.
func (s *Server) trackFix(p *positionJSON, i int, latest time.Time) (track.Fix, *Error) {
	switch {
	case p.Plate == "":
		return track.Fix{}, badRequest("invalid_plate", "plate", "plate is required")
	case !utf8.ValidString(p.Plate) || utf8.RuneCountInString(p.Plate) > 64 || strings.ContainsFunc(p.Plate, badPlateRune):
		return track.Fix{}, badRequest("invalid_plate", "plate", "plate must be at most 64 characters of valid UTF-8 without '|' or control characters")
	case !utf8.ValidString(string(p.Cargo)) || utf8.RuneCountInString(string(p.Cargo)) > 64:
		return track.Fix{}, badRequest("invalid_cargo", "cargo", "cargo must be valid UTF-8 of at most 64 characters")
	case p.Time == "":
		return track.Fix{}, badRequest("invalid_time", "time", "time is required (RFC 3339, e.g. 2020-11-01T08:00:00+08:00)")
	case p.Lon == nil:
		return track.Fix{}, badRequest("invalid_point", "lon", "lon is required")
	case p.Lat == nil:
		return track.Fix{}, badRequest("invalid_point", "lat", "lat is required")
	}
	t, err := geo.ParseTime(p.Time, s.loc)
	if err != nil {
		return track.Fix{}, badRequest("invalid_time", "time", "%v", err)
	}
	if t.Year() < 1970 || t.After(latest) {
		return track.Fix{}, badRequest("invalid_time", "time", "time %s is before 1970 or more than %v after the server clock", p.Time, maxTrackFuture)
	}
	if e := checkLonLat(*p.Lon, *p.Lat, ""); e != nil {
		return track.Fix{}, e.(*Error)
	}
	c, err := crs.Parse(p.CRS)
	if err != nil {
		return track.Fix{}, badRequest("invalid_crs", "crs", "%v", err)
	}
	pt := crs.ToWGS84(orb.Point{*p.Lon, *p.Lat}, c)
	if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) {
		return track.Fix{}, badRequest("invalid_point", "lon", "the position cannot be converted from %s", c)
	}
	return track.Fix{Plate: p.Plate, Time: t.UTC(), Point: pt, Cargo: string(p.Cargo), Index: i}, nil
}

// badPlateRune reports runes a plate must not contain: '|' separates the
// parts of event keys, and control characters have no place in a plate.
func badPlateRune(r rune) bool { return r == '|' || r < 0x20 || r == 0x7f }
