package api

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// checkLonLat validates a WGS84 (or GCJ-02/BD-09) coordinate pair; field
// prefixes the reported field name.
func checkLonLat(lon, lat float64, field string) error {
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0) || lon < -180 || lon > 180:
		return badRequest("invalid_point", field+"lon", "longitude %v is outside [-180, 180]", lon)
	case math.IsNaN(lat) || math.IsInf(lat, 0) || lat < -90 || lat > 90:
		return badRequest("invalid_point", field+"lat", "latitude %v is outside [-90, 90]", lat)
	}
	return nil
}

// parseQueryPoint reads lon and lat query parameters.
func parseQueryPoint(q url.Values) (orb.Point, error) {
	var p orb.Point
	for i, name := range [2]string{"lon", "lat"} {
		v := q.Get(name)
		if v == "" {
			return p, badRequest("invalid_point", name, "query parameter %s is required", name)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return p, badRequest("invalid_point", name, "%s %q is not a number", name, v)
		}
		p[i] = f
	}
	return p, checkLonLat(p[0], p[1], "")
}

// parseQueryPointWGS84 reads the lon, lat and crs query parameters and
// returns the point in WGS84.
func parseQueryPointWGS84(q url.Values) (orb.Point, error) {
	p, err := parseQueryPoint(q)
	if err != nil {
		return p, err
	}
	c, err := parseCRS(q.Get("crs"), "crs")
	if err != nil {
		return p, err
	}
	return crs.ToWGS84(p, c), nil
}

// parseCRS reads a crs name; "" means WGS84.
func parseCRS(s, field string) (crs.CRS, error) {
	c, err := crs.Parse(s)
	if err != nil {
		return "", badRequest("invalid_crs", field, "%v", err)
	}
	return c, nil
}

// parseAt reads an "as of" time; "" means now.
func (s *Server) parseAt(v, field string) (time.Time, error) {
	if v == "" {
		return s.now(), nil
	}
	t, err := geo.ParseTime(v, s.loc)
	if err != nil {
		return time.Time{}, badRequest("invalid_time", field, "%v", err)
	}
	return t, nil
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
