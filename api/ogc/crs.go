package ogc

// OGC API – Features Part 2 (coordinate reference systems by reference):
// crs= and bbox-crs= for CRS84, EPSG:4326 and EPSG:4490 (latitude first,
// as EPSG defines them) and the CGCS2000 Gauss–Krüger zones EPSG:4491–4554
// (northing first, as EPSG defines them).

import (
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/crs"
)

// epsgPrefix is the OGC URI prefix of EPSG codes.
const epsgPrefix = "http://www.opengis.net/def/crs/EPSG/0/"

// outputCRS is a coordinate system features can be written in.
type outputCRS struct {
	uri    string
	system crs.System // zero for CRS84
	swap   bool       // EPSG axis order is latitude/northing first
}

// supportedCRS lists every CRS served, CRS84 first (the storage CRS).
func supportedCRS() []string {
	out := []string{crs84, epsgPrefix + "4326", epsgPrefix + "4490"}
	for code := crs.FirstGaussKruger; code <= crs.LastGaussKruger; code++ {
		out = append(out, epsgPrefix+strconv.Itoa(code))
	}
	return out
}

// parseCRS reads a crs or bbox-crs value (field names the parameter): an
// OGC CRS URI, or its safe CURIE [EPSG:4326]. Empty means CRS84.
func parseCRS(v, field string) (outputCRS, error) {
	if v == "" || v == crs84 || v == "[OGC:CRS84]" {
		return outputCRS{uri: crs84}, nil
	}
	code := ""
	switch {
	case strings.HasPrefix(v, epsgPrefix):
		code = strings.TrimPrefix(v, epsgPrefix)
	case strings.HasPrefix(v, "[EPSG:") && strings.HasSuffix(v, "]"):
		code = v[len("[EPSG:") : len(v)-1]
	}
	n, err := strconv.Atoi(code)
	if err != nil || !(n == 4326 || n == 4490 || (n >= crs.FirstGaussKruger && n <= crs.LastGaussKruger)) {
		return outputCRS{}, wire.BadRequest("invalid_crs", field,
			"%s %q is not supported; use %s, %s{4326, 4490, 4491…4554} (CGCS2000 Gauss–Krüger) — the collection lists them under crs",
			field, v, crs84, epsgPrefix)
	}
	s, err := crs.Lookup(n)
	if err != nil {
		return outputCRS{}, wire.BadRequest("invalid_crs", field, "%s %q: %v", field, v, err)
	}
	return outputCRS{uri: epsgPrefix + code, system: s, swap: s.NorthingFirst()}, nil
}

// isCRS84 reports whether c is longitude/latitude without conversion.
func (c outputCRS) isCRS84() bool { return !c.system.Known() }

// fromCRS84 converts a longitude/latitude point into c, axis order included.
func (c outputCRS) fromCRS84(p orb.Point) orb.Point {
	if c.isCRS84() {
		return p
	}
	q := c.system.FromWGS84(p)
	if c.swap {
		q[0], q[1] = q[1], q[0]
	}
	return q
}

// toCRS84 converts a point given in c back to longitude/latitude.
func (c outputCRS) toCRS84(p orb.Point) orb.Point {
	if c.isCRS84() {
		return p
	}
	if c.swap {
		p[0], p[1] = p[1], p[0]
	}
	return c.system.ToWGS84(p)
}

// bboxInCRS converts a bbox given in c (four numbers in c's axis order)
// to a longitude/latitude bound: the envelope of its edges, densified so a
// Gauss–Krüger box's curved image is covered.
func bboxInCRS(n [4]float64, c outputCRS) orb.Bound {
	const steps = 16
	lo, hi := orb.Point{n[0], n[1]}, orb.Point{n[2], n[3]}
	var b orb.Bound
	first := true
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		for _, p := range []orb.Point{
			{lo[0] + t*(hi[0]-lo[0]), lo[1]}, {lo[0] + t*(hi[0]-lo[0]), hi[1]},
			{lo[0], lo[1] + t*(hi[1]-lo[1])}, {hi[0], lo[1] + t*(hi[1]-lo[1])},
		} {
			q := c.toCRS84(p)
			if first {
				b, first = q.Bound(), false
			} else {
				b = b.Extend(q)
			}
		}
	}
	return b
}
