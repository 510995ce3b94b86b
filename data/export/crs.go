package export

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo/crs"
)

// CRS is a coordinate reference system an export can be written in: its
// EPSG code, name, OGC WKT 1 definition (for .prj and GeoPackage) and the
// projection from zonegate's longitude/latitude, all taken from geo/crs.
// Build one with ParseCRS.
//
// Exports support the EPSG codes geo/crs has a WKT for: EPSG:4326 (WGS 84),
// 4490 (CGCS2000 geographic; zonegate treats its coordinates as WGS 84),
// the CGCS2000 Gauss–Krüger zones 4491–4554 and Web Mercator 3857.
// Projected coordinates are always written easting first, as GDAL does.
type CRS struct {
	EPSG       int
	Name       string
	Geographic bool
	WKT        string
	system     crs.System
}

// WGS84 is EPSG:4326, the default of every export.
var WGS84 = mustCRS(4326)

// mustCRS returns the export CRS of code, which geo/crs must know.
func mustCRS(code int) CRS {
	c, err := crsByCode(code)
	if err != nil {
		panic(fmt.Sprintf("export: EPSG:%d: %v", code, err))
	}
	return c
}

// Project converts p (longitude, latitude in degrees) into c.
func (c CRS) Project(p orb.Point) orb.Point { return c.system.FromWGS84(p) }

// URN is the OGC URN of c, as GDAL writes in a GeoJSON "crs" member.
func (c CRS) URN() string { return "urn:ogc:def:crs:EPSG::" + strconv.Itoa(c.EPSG) }

// ParseCRS reads "EPSG:4546", "epsg:4546" or "4546" (empty: EPSG:4326).
// An unsupported code is an error listing what is supported.
func ParseCRS(s string) (CRS, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "" {
		return WGS84, nil
	}
	t = strings.TrimPrefix(t, "EPSG:")
	code, err := strconv.Atoi(t)
	if err != nil {
		return CRS{}, fmt.Errorf("crs %q: want EPSG:<code>, e.g. EPSG:4326, EPSG:4490, EPSG:4546 or EPSG:3857", s)
	}
	c, err := crsByCode(code)
	if err != nil {
		return CRS{}, fmt.Errorf("crs %q is not supported for export; supported: EPSG:4326, 4490, 3857, "+
			"and the CGCS2000 Gauss–Krüger zones EPSG:4491–4554", s)
	}
	return c, nil
}

// errNoWKT is returned by crsByCode for systems geo/crs knows but has no
// EPSG WKT for (the legacy aliases of 3857).
var errNoWKT = errors.New("no EPSG WKT definition")

// crsByCode builds the export CRS of an EPSG code geo/crs can write a WKT
// definition for.
func crsByCode(code int) (CRS, error) {
	s, err := crs.Lookup(code)
	if err != nil {
		return CRS{}, err
	}
	wkt := s.WKT()
	if wkt == "" {
		return CRS{}, errNoWKT
	}
	return CRS{EPSG: s.Code, Name: s.Name, Geographic: s.Geographic(), WKT: wkt, system: s}, nil
}
