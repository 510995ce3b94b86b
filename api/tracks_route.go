package api

import (
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/track"
)

// fixOffRoute reports whether fix f is outside every designated corridor
// where the rules file says routes apply (campaign dates and, when listed,
// the counties that published routes, tested at f's position). Outside that
// scope, or with no coal_route zone in force at f's time, nothing is off
// route. The corridor network is the one the coal-truck check uses
// (route_data.go).
func (s *Server) fixOffRoute(snap *index.Snapshot, f track.Fix) bool {
	on, listed := s.rules.RouteScope(f.Time)
	if !on {
		return false
	}
	rd := s.routeData.get(snap, f.Time)
	if rd.routes == 0 || rd.network.Contains(f.Point) {
		return false
	}
	return len(listed) == 0 || s.rules.RoutesApply(f.Time, adminIDsAt(snap, f.Point, f.Time))
}
