package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo/crs"
)

// CRS is a coordinate reference system an export can be written in: its
// EPSG code, name, OGC WKT 1 definition (for .prj and GeoPackage) and the
// projection from zonegate's longitude/latitude. Build one with ParseCRS.
//
// The table is deliberately small: EPSG:4326 (WGS 84), 4490 (CGCS2000
// geographic; zonegate treats its coordinates as WGS 84, as geo/crs
// does), the CGCS2000 Gauss–Krüger zones — 6° with zone prefix
// 4491–4501 (zones 13–23), 6° without 4502–4512 (CM 75°E–135°E), 3° with
// zone prefix 4513–4533 (zones 25–45), 3° without 4534–4554 (CM 75°E–135°E)
// — and Web Mercator 3857. Projected coordinates are always written
// easting first, as GDAL does.
type CRS struct {
	EPSG       int
	Name       string
	Geographic bool
	WKT        string
	project    func(orb.Point) orb.Point
}

// WGS84 is EPSG:4326, the default of every export.
var WGS84 = CRS{EPSG: 4326, Name: "WGS 84", Geographic: true, WKT: wgs84WKT, project: identity}

func identity(p orb.Point) orb.Point { return p }

// Project converts p (longitude, latitude in degrees) into c.
func (c CRS) Project(p orb.Point) orb.Point {
	if c.project == nil {
		return p
	}
	return c.project(p)
}

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
	c, ok := crsByCode(code)
	if !ok {
		return CRS{}, fmt.Errorf("crs %q is not supported for export; supported: EPSG:4326, 4490, 3857, "+
			"and the CGCS2000 Gauss–Krüger zones EPSG:4491–4554", s)
	}
	return c, nil
}

// Gauss–Krüger code ranges of the EPSG registry (CGCS2000).
const (
	gk6Prefixed = 4491 // zones 13…23
	gk6Plain    = 4502 // CM 75°E…135°E
	gk3Prefixed = 4513 // zones 25…45
	gk3Plain    = 4534 // CM 75°E…135°E
	gkLast      = 4554
	gk6Zones    = 11
	gk3Zones    = 21
	firstCM     = 75.0
)

func crsByCode(code int) (CRS, bool) {
	switch {
	case code == 4326:
		return WGS84, true
	case code == 4490:
		return CRS{EPSG: 4490, Name: "China Geodetic Coordinate System 2000", Geographic: true,
			WKT: cgcs2000WKT, project: identity}, true
	case code == 3857:
		return CRS{EPSG: 3857, Name: "WGS 84 / Pseudo-Mercator", WKT: webMercatorWKT, project: webMercator}, true
	case code >= gk6Prefixed && code < gk6Plain:
		i := code - gk6Prefixed
		zone := 13 + i
		return gaussKruger(code, fmt.Sprintf("CGCS2000 / Gauss-Kruger zone %d", zone), firstCM+6*float64(i), float64(zone)*1e6), true
	case code >= gk6Plain && code < gk3Prefixed:
		cm := firstCM + 6*float64(code-gk6Plain)
		return gaussKruger(code, fmt.Sprintf("CGCS2000 / Gauss-Kruger CM %gE", cm), cm, 0), true
	case code >= gk3Prefixed && code < gk3Plain:
		i := code - gk3Prefixed
		zone := 25 + i
		return gaussKruger(code, fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger zone %d", zone), firstCM+3*float64(i), float64(zone)*1e6), true
	case code >= gk3Plain && code <= gkLast:
		cm := firstCM + 3*float64(code-gk3Plain)
		return gaussKruger(code, fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger CM %gE", cm), cm, 0), true
	}
	return CRS{}, false
}

// gaussKruger is a CGCS2000 transverse Mercator CRS: scale 1, false
// easting prefix + 500 km.
func gaussKruger(code int, name string, cm, prefix float64) CRS {
	fe := prefix + crs.GaussKrugerEasting
	tm, err := crs.NewTM(crs.TMParams{Lon0: cm, K0: 1, FalseEasting: fe, A: crs.SemiMajorAxis, InverseF: crs.CGCS2000InverseF})
	if err != nil { // the table's parameters are constants in range
		panic(fmt.Sprintf("export: EPSG:%d: %v", code, err))
	}
	wkt := fmt.Sprintf(`PROJCS["%s",%s,PROJECTION["Transverse_Mercator"],`+
		`PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",%g],PARAMETER["scale_factor",1],`+
		`PARAMETER["false_easting",%s],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],`+
		`AUTHORITY["EPSG","%d"]]`, name, cgcs2000WKT, cm, strconv.FormatFloat(fe, 'f', -1, 64), code)
	return CRS{EPSG: code, Name: name, WKT: wkt, project: tm.Forward}
}

// webMercator is EPSG:3857 on the WGS 84 semi-major axis; latitudes are
// clamped to ±85.06°.
func webMercator(p orb.Point) orb.Point {
	const maxLat = 85.0511287798066
	lat := math.Max(-maxLat, math.Min(maxLat, p[1]))
	x := crs.SemiMajorAxis * p[0] * math.Pi / 180
	y := crs.SemiMajorAxis * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
	return orb.Point{x, y}
}

// OGC WKT 1 definitions, as GDAL 3.6 exports them (without AXIS, so
// coordinates are read longitude/easting first).
const (
	wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],` +
		`AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
		`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]`
	cgcs2000WKT = `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",` +
		`SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],` +
		`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
		`AUTHORITY["EPSG","4490"]]`
	webMercatorWKT = `PROJCS["WGS 84 / Pseudo-Mercator",` + wgs84WKT + `,PROJECTION["Mercator_1SP"],` +
		`PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],` +
		`PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],` +
		`EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],` +
		`AUTHORITY["EPSG","3857"]]`
)
