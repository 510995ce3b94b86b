package wire

import (
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// CheckLonLat validates a WGS84 (or GCJ-02/BD-09) coordinate pair; field
// prefixes the reported field name.
func CheckLonLat(lon, lat float64, field string) error {
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0) || lon < -180 || lon > 180:
		return BadRequest("invalid_point", field+"lon", "longitude %v is outside [-180, 180]", lon)
	case math.IsNaN(lat) || math.IsInf(lat, 0) || lat < -90 || lat > 90:
		return BadRequest("invalid_point", field+"lat", "latitude %v is outside [-90, 90]", lat)
	}
	return nil
}

// QueryPoint reads the lon and lat query parameters.
func QueryPoint(q QueryGetter) (orb.Point, error) {
	var p orb.Point
	for i, name := range [2]string{"lon", "lat"} {
		v := q.Get(name)
		if v == "" {
			return p, BadRequest("invalid_point", name, "query parameter %s is required", name)
		}
		f, err := ParseFloat(v)
		if err != nil {
			return p, BadRequest("invalid_point", name, "%s %q is %v", name, v, err)
		}
		p[i] = f
	}
	return p, CheckLonLat(p[0], p[1], "")
}

// QueryPointWGS84 reads the lon, lat and crs query parameters and returns
// the point in WGS84.
func QueryPointWGS84(q QueryGetter) (orb.Point, error) {
	p, err := QueryPoint(q)
	if err != nil {
		return p, err
	}
	c, err := ParseCRS(q.Get("crs"), "crs")
	if err != nil {
		return p, err
	}
	return crs.ToWGS84(p, c), nil
}

// ParseCRS reads a crs name; "" means WGS84.
func ParseCRS(s, field string) (crs.CRS, error) {
	c, err := crs.Parse(s)
	if err != nil {
		return "", BadRequest("invalid_crs", field, "%v", err)
	}
	return c, nil
}

// DefaultLocation is the zone date-only times are read in when the
// server's Options.Location is nil: China Standard Time, UTC+8.
func DefaultLocation() *time.Location { return time.FixedZone("CST", 8*3600) }

// ParseAt reads an "as of" time in loc (geo.ParseTime); "" means now.
func ParseAt(v, field string, now func() time.Time, loc *time.Location) (time.Time, error) {
	if v == "" {
		return now(), nil
	}
	t, err := geo.ParseTime(v, loc)
	if err != nil {
		return time.Time{}, BadRequest("invalid_time", field, "%v", err)
	}
	return t, nil
}
