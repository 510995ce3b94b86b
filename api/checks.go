package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/checkreq"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/rules"
)

// The check's request body and its decoding live in api/checkreq; these
// short names keep the handler readable.
type (
	checkRequest = checkreq.Request
	routeJSON    = checkreq.Route
	cargoJSON    = checkreq.Cargo
	docsJSON     = checkreq.Documents
)

// checkZoneJSON is a zone involved in a check: where the truck is, or one
// its route enters (with the entry point and the distance to it).
type checkZoneJSON struct {
	zoneJSON
	Entry  *orb.Point `json:"entry,omitempty"`
	AlongM *float64   `json:"along_m,omitempty"`
}

type checkResponse struct {
	rules.Decision
	// Notes are findings of the server rather than the rules, e.g. an
	// unknown station id; they never change the decision.
	Notes     []checkNote     `json:"notes,omitempty"`
	Station   *stationJSON    `json:"station,omitempty"`
	OffRoute  *offRouteJSON   `json:"off_route,omitempty"`
	Zones     []checkZoneJSON `json:"zones"`
	Position  *orb.Point      `json:"position,omitempty"` // WGS84
	At        time.Time       `json:"at"`
	RequestID string          `json:"request_id,omitempty"`
	// idFrom, when RequestID is empty, is the request that gives the id:
	// appendCheckResponse appends it without making it a string.
	idFrom *reqctx.State
}

// requestID is the answer's request id.
func (r *checkResponse) requestID() string {
	if r.RequestID == "" && r.idFrom != nil {
		return middleware.GetReqID(r.idFrom)
	}
	return r.RequestID
}

// checkCoalTruck answers POST /v1/checks/coal-truck and logs the check:
// the answer is sent only after the check's record is committed to the
// inspection log (api/inspectlog); when it cannot be, the check is answered
// 503 log_unavailable instead of with an unlogged decision.
func (s *Server) checkCoalTruck(w http.ResponseWriter, r *http.Request) error {
	cs, _ := s.checkStates.Get().(*checkState)
	if cs == nil {
		cs = new(checkState)
	}
	req, resp := &cs.req, &cs.resp
	if err := checkreq.DecodeWith(w, r, s.limits.body, req, &cs.nums); err != nil {
		return err
	}
	in, pos, route, err := s.checkInput(req, &cs.pos)
	if err != nil {
		return err
	}
	snap := s.index.Snapshot()
	q := index.Query{At: in.At}
	*resp = checkResponse{At: in.At, Position: pos, idFrom: reqctx.From(r), Zones: cs.zones[:0]}
	if resp.idFrom == nil {
		resp.RequestID = middleware.GetReqID(r.Context())
	}
	in.Zones = cs.hits[:0]
	if pos != nil {
		var found [16]*geo.Zone
		for _, z := range snap.ZonesAt(found[:0], *pos, q) {
			resp.Zones = append(resp.Zones, checkZoneJSON{zoneJSON: toZoneJSON(z), Entry: pos})
			in.Zones = append(in.Zones, rules.ZoneHit{Layer: z.Layer, ID: z.ID, Name: z.Name, Kind: z.Kind, Entry: *pos})
		}
	}
	rd := s.routes.Get(snap, in.At)
	if route != nil {
		in.Route = true
		for _, c := range snap.Crossings(route, q) {
			entry, along := c.Entry, c.AlongM
			resp.Zones = append(resp.Zones, checkZoneJSON{zoneJSON: toZoneJSON(c.Zone), Entry: &entry, AlongM: &along})
			in.Zones = append(in.Zones, rules.ZoneHit{Layer: c.Zone.Layer, ID: c.Zone.ID, Name: c.Zone.Name, Kind: c.Zone.Kind, Entry: entry})
		}
		in.RouteCompliance, resp.OffRoute = s.routeCompliance(snap, rd, route, in.At)
	}
	resp.Station, resp.Notes = s.checkStation(snap, rd, &cs.station, req.Station, pos, route, in.At)
	resp.Decision = s.rules.Decide(in)
	s.metrics.checkDecided(resp.Decision.Decision)

	reqJSON, body, err := encodeCheck(&cs.buf, req, resp)
	if err != nil {
		return err
	}
	codes := cs.codes[:0]
	for _, rs := range resp.Reasons {
		codes = append(codes, rs.Code)
	}
	rec := &cs.rec
	*rec = data.Inspection{
		Time: s.now(), Station: req.Station, Plate: req.Plate, Position: pos, Route: route,
		Decision: resp.Decision.Decision, Action: resp.Action, Reasons: codes,
		Request: reqJSON, Response: body, JSONValid: true, // json.Marshal's bytes (encodeCheck)
	}
	if resp.Station != nil {
		rec.StationKnown, rec.County = resp.Station.Known, resp.Station.County
		if !resp.Station.Known && req.Station != "" {
			s.inspect.NoteUnknownStation(req.Station, resp.requestID())
		}
	}
	if err := s.inspect.Log(r.Context(), rec); err != nil {
		return s.logUnavailable(w, r, err)
	}
	w.Header()["Content-Type"] = jsonContentType
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err == nil { // else the client went away
		_, _ = w.Write(newline)
	}
	cs.release(&s.checkStates)
	return nil
}

// checkState is a check's working memory in one allocation: the request,
// the answer, the log record, and room for the zones and reason codes of
// a usual check (each was an allocation of its own). Checks reuse it
// (Server.checkStates) with its room for the body's numbers and the encoded
// request and answer: it is returned once the record is committed (the
// store copies what it keeps) and the answer written, and only then; a
// check that fails or whose wait for the commit ends early leaves its
// state to the collector, as the writer may still hold the record.
type checkState struct {
	buf     []byte    // the encoded request and answer
	nums    []float64 // the body's numbers (checkreq.DecodeWith)
	req     checkRequest
	resp    checkResponse
	station stationJSON
	rec     data.Inspection
	pos     orb.Point
	zones   [4]checkZoneJSON
	hits    [4]rules.ZoneHit
	codes   [4]string
}

// maxReusedCheckBuf bounds the encode buffer a reused checkState keeps: a
// check with a long route does not pin its buffer.
const maxReusedCheckBuf = 16 << 10

// release returns cs to pool with its buffers, dropping what it refers
// to.
func (cs *checkState) release(pool *sync.Pool) {
	buf, nums := cs.buf[:0], cs.nums[:0]
	if cap(buf) > maxReusedCheckBuf {
		buf = nil
	}
	*cs = checkState{buf: buf, nums: nums}
	pool.Put(cs)
}

// encodeCheck encodes the request for the inspection record and the
// answer, as json.Marshal does (by hand, checksjson.go, except for what it
// does not cover), in one buffer: *room's array, replaced by a larger one
// when a usual request and answer would not fit.
func encodeCheck(room *[]byte, req *checkRequest, resp *checkResponse) (reqJSON, body []byte, err error) {
	// Room for a usual request and answer: a reason carries its clause
	// and both messages, 600 to 900 bytes; a zone is ~200.
	if need := 768 + 1024*len(resp.Reasons) + 256*len(resp.Zones); cap(*room) < need {
		*room = make([]byte, 0, need)
	}
	buf := (*room)[:0]
	reqJSON, ok := req.AppendJSON(buf)
	rest := reqJSON[len(reqJSON):] // the answer goes after the request
	if !ok {
		if reqJSON, err = json.Marshal(req); err != nil {
			return nil, nil, fmt.Errorf("encode check request for the log: %w", err)
		}
		rest = buf[:0]
	}
	reqJSON = reqJSON[:len(reqJSON):len(reqJSON)]
	body, ok = appendCheckResponse(rest, resp)
	if !ok {
		resp.RequestID = resp.requestID()
		if body, err = json.Marshal(resp); err != nil {
			return nil, nil, fmt.Errorf("encode check response: %w", err)
		}
	}
	return reqJSON, body, nil
}

// newline ends a JSON answer, as encoding/json's Encoder does.
var newline = []byte{'\n'}

// logRetryAfter is the Retry-After of a check refused because the log
// cannot be written (and of positions that could not be stored), in seconds.
const logRetryAfter = "1"

// logUnavailable answers a check whose record could not be committed: 503
// log_unavailable with Retry-After, never the decision. A client that went
// away gets nothing; its record may still be committed.
func (s *Server) logUnavailable(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return err
	}
	// The writer logs a failed commit once; one line per refused check
	// would flood the log during an outage.
	s.log.Debug("check refused: inspection log unavailable", "request_id", middleware.GetReqID(r.Context()), "err", err)
	w.Header().Set("Retry-After", logRetryAfter)
	return &Error{Status: http.StatusServiceUnavailable, Code: "log_unavailable",
		Message: "the check cannot be logged right now, so it was not decided; try again shortly",
		Details: map[string]any{"message_zh": "检查记录暂时无法写入，本次检查未作出结论，请稍后重试"}}
}

// checkInput validates the request and converts it to a rules input, with
// the position and route in WGS84.
// The position is written to *room.
func (s *Server) checkInput(req *checkRequest, room *orb.Point) (rules.Input, *orb.Point, orb.LineString, error) {
	var in rules.Input
	if req.Position == nil && req.Route == nil {
		return in, nil, nil, badRequest("missing_location", "position", "give position [lon, lat], route (a GeoJSON LineString), or both")
	}
	c, err := parseCRS(req.CRS, "crs")
	if err != nil {
		return in, nil, nil, err
	}
	if in.At, err = s.parseAt(req.At, "at"); err != nil {
		return in, nil, nil, err
	}
	var pos *orb.Point
	if req.Position != nil {
		if len(req.Position) != 2 {
			return in, nil, nil, badRequest("invalid_point", "position", "position must be [lon, lat], got %d numbers", len(req.Position))
		}
		if err := checkLonLat(req.Position[0], req.Position[1], "position."); err != nil {
			return in, nil, nil, err
		}
		*room = crs.ToWGS84(orb.Point{req.Position[0], req.Position[1]}, c)
		pos = room
	}
	route, err := s.parseRoute(req.Route, c)
	if err != nil {
		return in, nil, nil, err
	}
	if in.Cargo.Fuel, err = rules.ParseFuel(req.Cargo.Fuel); err != nil {
		return in, nil, nil, badRequest("invalid_cargo", "cargo.fuel", "%v", err)
	}
	for _, m := range [...]struct {
		name string
		v    *float64
	}{{"sulfur_pct", req.Cargo.SulfurPct}, {"ash_pct", req.Cargo.AshPct}, {"volatile_pct", req.Cargo.VolatilePct}} {
		if m.v != nil && (math.IsNaN(*m.v) || *m.v < 0 || *m.v > 100) {
			return in, nil, nil, badRequest("invalid_cargo", "cargo."+m.name, "%s must be a percentage between 0 and 100, got %v", m.name, *m.v)
		}
	}
	in.Cargo.SulfurPct, in.Cargo.AshPct, in.Cargo.VolatilePct = req.Cargo.SulfurPct, req.Cargo.AshPct, req.Cargo.VolatilePct
	in.Documents = rules.Documents{SupplyContract: req.Documents.SupplyContract, QualityReport: req.Documents.QualityReport}
	category := req.Destination.Category
	if category == "" {
		category = "other"
	}
	if in.Destination, err = rules.ParseDestination(category); err != nil {
		return in, nil, nil, badRequest("invalid_destination", "destination.category", "%v", err)
	}
	for _, f := range []struct{ name, v string }{{"plate", req.Plate}, {"station", req.Station}} {
		if !utf8.ValidString(f.v) || utf8.RuneCountInString(f.v) > 64 {
			return in, nil, nil, badRequest("invalid_field", f.name, "%s must be valid UTF-8 of at most 64 characters", f.name)
		}
	}
	return in, pos, route, nil
}

// parseRoute validates a GeoJSON LineString and converts it to WGS84.
func (s *Server) parseRoute(rj *routeJSON, c crs.CRS) (orb.LineString, error) {
	if rj == nil {
		return nil, nil
	}
	if rj.Type != "LineString" {
		return nil, badRequest("invalid_route", "route.type", "route must be a GeoJSON LineString, got type %q", rj.Type)
	}
	n := len(rj.Coordinates)
	if n < 2 || n > s.limits.routePts {
		return nil, badRequest("invalid_route", "route.coordinates", "route needs 2 to %d positions, got %d", s.limits.routePts, n)
	}
	ls := make(orb.LineString, n)
	for i, xy := range rj.Coordinates {
		field := fmt.Sprintf("route.coordinates[%d]", i)
		if len(xy) < 2 || len(xy) > 3 {
			return nil, badRequest("invalid_route", field, "%s must be [lon, lat] (an optional height is ignored)", field)
		}
		if err := checkLonLat(xy[0], xy[1], field+"."); err != nil {
			return nil, err
		}
		ls[i] = crs.ToWGS84(orb.Point{xy[0], xy[1]}, c)
	}
	return ls, nil
}
