package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/crs"
)

// The request decoding shared with api/analysis lives in api/wire; these
// short names keep api's handlers readable.

// checkLonLat validates a coordinate pair (wire.CheckLonLat).
func checkLonLat(lon, lat float64, field string) error { return wire.CheckLonLat(lon, lat, field) }

// parseQueryPointWGS84 reads lon, lat and crs and returns the point in
// WGS84 (wire.QueryPointWGS84).
func parseQueryPointWGS84(q wire.QueryGetter) (orb.Point, error) { return wire.QueryPointWGS84(q) }

// parseCRS reads a crs name; "" means WGS84 (wire.ParseCRS).
func parseCRS(s, field string) (crs.CRS, error) { return wire.ParseCRS(s, field) }

// parseAt reads an "as of" time; "" means now.
func (s *Server) parseAt(v, field string) (time.Time, error) {
	return wire.ParseAt(v, field, s.now, s.loc)
}

// parseLayers reads a comma-separated layer list and checks every layer
// exists; an empty list means all layers.
func (s *Server) parseLayers(list []string, field string) ([]string, error) {
	var out []string
	for _, item := range list {
		for _, id := range strings.Split(item, ",") {
			if id = strings.TrimSpace(id); id == "" {
				continue
			}
			if !s.hasLayer(id) {
				return nil, &Error{Status: http.StatusBadRequest, Code: "unknown_layer", Field: field,
					Message: fmt.Sprintf("layer %q does not exist; GET /v1/layers lists them", id)}
			}
			out = append(out, id)
		}
	}
	return out, nil
}

func (s *Server) hasLayer(id string) bool {
	for _, l := range s.follower.Layers() {
		if l.ID == id {
			return true
		}
	}
	return false
}
