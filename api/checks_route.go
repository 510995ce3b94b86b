package api

import (
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/route"
	"github.com/zonegate/zonegate/geo/rules"
	"github.com/zonegate/zonegate/geo/track"
)

// offRouteJSON is the designated-route result of a check's route: whether
// it keeps to the corridors, where it first leaves them, how far off it
// runs, and the off-route pieces ([[[lon,lat],...],...]).
type offRouteJSON struct {
	Compliant  bool                `json:"compliant"`
	FirstOff   *orb.Point          `json:"first_off,omitempty"`
	AlongM     float64             `json:"along_m"`
	OffLengthM float64             `json:"off_length_m"`
	LengthM    float64             `json:"length_m"`
	Off        orb.MultiLineString `json:"off"`
	// The rule's status: applies false with a reason when the route was
	// not judged (outside the campaign, no rule, no listed county), so a
	// non-compliant route without OFF_DESIGNATED_ROUTE explains itself.
	rules.RouteRuleStatus
}

// stationJSON is what the server knows of the check's station.
type stationJSON struct {
	ID     string `json:"id,omitempty"`
	Known  bool   `json:"known"` // the id is a published checkpoint's
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`
	County string `json:"county,omitempty"` // admin zone id of the check
}

// checkNote is a server finding that does not affect the decision.
type checkNote struct {
	Code      string `json:"code"`
	MessageZH string `json:"message_zh"`
	MessageEN string `json:"message_en"`
}

// codeUnknownStation notes a station id that matches no published
// checkpoint; the check is answered and logged with station_known false.
const codeUnknownStation = "UNKNOWN_STATION"

// routeCompliance checks line against the designated corridors in force.
// When the rules file limits the route rule to some counties, the
// compliance handed to the rules counts only the parts of the route inside
// them; the off_route answer always describes the whole route. With no
// coal_route zone in force it returns nils: the route rule has nothing to
// check against.
func (s *Server) routeCompliance(snap *index.Snapshot, rd *route.InForce, line orb.LineString, at time.Time) (*rules.RouteCompliance, *offRouteJSON) {
	if rd.Routes == 0 || len(line) == 0 {
		return nil, nil
	}
	c := rd.Network.Check(line)
	scoped := c
	var counties []string
	if on, listed := s.rules.RouteScope(at); on && len(listed) > 0 {
		// Only a rule limited to some counties needs the route's counties.
		counties = route.Counties(snap, line, at)
	}
	if !c.Compliant && len(counties) > 0 && s.rules.RoutesApply(at, counties) {
		// The rule lists counties, some on the route: judge only the parts
		// of the route inside them.
		var ids [8]string
		scoped = route.ScopeOffRoute(line, c, func(p orb.Point) bool {
			return s.rules.RoutesApply(at, route.AppendAdminIDsAt(ids[:0], snap, p, at))
		})
	}
	rc := &rules.RouteCompliance{Compliant: scoped.Compliant, FirstOffAlongM: scoped.FirstOffAlongM,
		OffLengthM: scoped.OffLengthM, Counties: counties}
	if scoped.FirstOff != nil {
		rc.FirstOff = *scoped.FirstOff
	}
	off := c.Off
	if off == nil {
		off = orb.MultiLineString{}
	}
	return rc, &offRouteJSON{Compliant: c.Compliant, FirstOff: c.FirstOff, AlongM: c.FirstOffAlongM,
		OffLengthM: c.OffLengthM, LengthM: c.LengthM, Off: off, RouteRuleStatus: s.rules.RouteRuleStatus(at, counties)}
}

// checkStation matches the request's station to a published checkpoint and
// finds the check's county: the checkpoint's, else that of the admin zone
// at the position (or the route's start). It returns nil when there is
// neither a station nor a county. The station is written to *room.
func (s *Server) checkStation(snap *index.Snapshot, rd *route.InForce, room *stationJSON, station string, pos *orb.Point, line orb.LineString, at time.Time) (*stationJSON, []checkNote) {
	st := room
	*st = stationJSON{ID: station}
	var notes []checkNote
	if station != "" {
		if cp, ok := rd.Checkpoints.ByID(station); ok {
			st.Known, st.Name, st.Type = true, cp.Name, cp.Type
			st.County = route.CheckpointCounty(snap, cp, at)
		} else {
			notes = append(notes, checkNote{Code: codeUnknownStation,
				MessageZH: "检查站编号「" + station + "」不是已公布的检查站，已受理并记录",
				MessageEN: "Station \"" + station + "\" is not a published checkpoint; the check is answered and logged"})
		}
	}
	if st.County == "" {
		var p *orb.Point
		switch {
		case pos != nil:
			p = pos
		case len(line) > 0:
			p = &line[0]
		}
		if p != nil {
			st.County = route.CountyAt(snap, *p, at)
		}
	}
	if station == "" && st.County == "" {
		return nil, nil
	}
	return st, notes
}

// fixOffRoute reports whether fix f is outside every designated corridor
// where the rules file says routes apply (campaign dates and, when listed,
// the counties that published routes, tested at f's position). Outside that
// scope, or with no coal_route zone in force at f's time, nothing is off
// route. The corridor network is the one the coal-truck check uses
// (route.Cache).
func (s *Server) fixOffRoute(snap *index.Snapshot, f track.Fix) bool {
	on, listed := s.rules.RouteScope(f.Time)
	if !on {
		return false
	}
	rd := s.routes.Get(snap, f.Time)
	if rd.Routes == 0 || rd.Network.Contains(f.Point) {
		return false
	}
	return len(listed) == 0 || s.rules.RoutesApply(f.Time, route.AdminIDsAt(snap, f.Point, f.Time))
}
