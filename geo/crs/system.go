package crs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ErrUnknownSystem is wrapped by the errors of Lookup, ParseSystem and
// FromWKT for coordinate systems zonegate cannot convert.
var ErrUnknownSystem = errors.New("crs: unsupported coordinate system")

// ErrLocalDatum is wrapped when a coordinate system is on the Beijing 1954,
// New Beijing or Xi'an 1980 datum. Converting those to CGCS2000 takes a
// seven-parameter transformation that differs from county to county and is
// issued by the local surveying office; any built-in guess would shift the
// data by tens of metres without anyone noticing, so zonegate refuses.
var ErrLocalDatum = errors.New("crs: coordinate system needs local datum parameters")

// systemKind says how a System's coordinates map to longitude/latitude.
type systemKind int

const (
	kindGeographic  systemKind = iota + 1 // lon/lat on WGS84 or CGCS2000
	kindTM                                // transverse Mercator (Gauss–Krüger) on GRS80/WGS84
	kindWebMercator                       // spherical Mercator, EPSG:3857
	kindObfuscated                        // GCJ-02 or BD-09 lon/lat
)

// System is a coordinate reference system whose positions zonegate can
// convert to WGS84 longitude/latitude (CGCS2000 is taken as WGS84; see
// Parse). Positions are in the traditional GIS axis order, x = easting or
// longitude, y = northing or latitude, as GDAL writes Shapefiles, GeoJSON
// and GeoPackages. The zero value is not usable; build one with Lookup,
// ParseSystem or FromWKT.
type System struct {
	// Code is the EPSG code, 0 for gcj02, bd09 and transverse Mercator
	// definitions that match no EPSG code.
	Code int
	// Name is the EPSG name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 111E".
	Name string

	kind systemKind
	tm   TM  // kindTM
	obf  CRS // kindObfuscated
	// zone is the Gauss–Krüger zone number prefixed to the easting, 0 when
	// the easting has no prefix.
	zone int
}

// The geographic and Web Mercator systems zonegate knows by code.
var (
	systemWGS84    = System{Code: 4326, Name: "WGS 84", kind: kindGeographic}
	systemCGCS2000 = System{Code: 4490, Name: "China Geodetic Coordinate System 2000", kind: kindGeographic}
	systemWebMerc  = System{Code: 3857, Name: "WGS 84 / Pseudo-Mercator", kind: kindWebMercator}
	systemGCJ02    = System{Name: "GCJ-02 (AMap, Tencent)", kind: kindObfuscated, obf: GCJ02}
	systemBD09     = System{Name: "BD-09 (Baidu)", kind: kindObfuscated, obf: BD09}
)

// EPSG code ranges of CGCS2000 Gauss–Krüger projections: 6° zones 13–23
// (central meridians 75°E–135°E) with and without the zone prefix in the
// easting, then 3° zones 25–45 (75°E–135°E) likewise.
const (
	gk6Prefixed   = FirstGaussKruger // CGCS2000 / Gauss-Kruger zone 13 … 23
	gk6Plain      = 4502             // CGCS2000 / Gauss-Kruger CM 75E … 135E
	gk3Prefixed   = 4513             // CGCS2000 / 3-degree Gauss-Kruger zone 25 … 45
	gk3Plain      = 4534             // CGCS2000 / 3-degree Gauss-Kruger CM 75E … 135E
	gkLast        = LastGaussKruger
	firstGK6Zone  = 13
	firstGK3Zone  = 25
	firstGKCM     = 75.0
	gk6ZoneCount  = 11
	gk3ZoneCount  = 21
	zoneWidth6    = 6.0
	webMercatorR  = SemiMajorAxis
	maxProjectedM = 1e8 // |x|, |y| beyond this are not coordinates of any supported system
)

// The EPSG codes of the CGCS2000 Gauss–Krüger projections Lookup knows.
const (
	FirstGaussKruger = 4491
	LastGaussKruger  = 4554
)

// webMercatorMaxLat is the latitude FromWGS84 clamps Web Mercator input to,
// where the map becomes square (±85.0511°).
const webMercatorMaxLat = 85.0511287798066

// localDatumRanges are EPSG codes on datums that need local parameters:
// Beijing 1954 (4214 and its projections), Xi'an 1980 (4610 …) and New
// Beijing (4555 …), as listed in PROJ's proj.db.
var localDatumRanges = []struct {
	first, last int
	datum       string
}{
	{4214, 4214, "Beijing 1954"}, {2401, 2442, "Beijing 1954"}, {21413, 21423, "Beijing 1954"},
	{21453, 21463, "Beijing 1954"}, {21473, 21483, "Beijing 1954"},
	{4610, 4610, "Xi'an 1980"}, {2327, 2390, "Xi'an 1980"},
	{4555, 4555, "New Beijing"}, {4568, 4589, "New Beijing"}, {4652, 4656, "New Beijing"},
	{4766, 4800, "New Beijing"}, {4812, 4812, "New Beijing"}, {4822, 4822, "New Beijing"},
}

// Lookup returns the system with EPSG code code: 4326, 4490, 3857 (also
// 900913, 3785, 102100, 102113) and the CGCS2000 Gauss–Krüger projections
// 4491–4554. Beijing 1954, New Beijing and Xi'an 1980 codes return an error
// wrapping ErrLocalDatum; other codes one wrapping ErrUnknownSystem.
func Lookup(code int) (System, error) {
	switch code {
	case 4326:
		return systemWGS84, nil
	case 4490:
		return systemCGCS2000, nil
	case 3857, 900913, 3785, 102100, 102113:
		s := systemWebMerc
		s.Code = code
		return s, nil
	}
	if code >= gk6Prefixed && code <= gkLast {
		return gaussKrugerSystem(code)
	}
	for _, r := range localDatumRanges {
		if code >= r.first && code <= r.last {
			return System{}, localDatumError(fmt.Sprintf("EPSG:%d", code), r.datum)
		}
	}
	return System{}, fmt.Errorf("%w: EPSG:%d (zonegate converts EPSG:4326, 4490, 3857, the CGCS2000 Gauss–Krüger zones 4491–4554, gcj02 and bd09; convert other systems to EPSG:4490 with GDAL or your GIS first)", ErrUnknownSystem, code)
}

// gaussKrugerSystem builds CGCS2000 Gauss–Krüger system code (4491–4554).
func gaussKrugerSystem(code int) (System, error) {
	var lon0 float64
	var zone int
	var name string
	switch {
	case code < gk6Plain:
		i := code - gk6Prefixed
		zone, lon0 = firstGK6Zone+i, firstGKCM+zoneWidth6*float64(i)
		name = fmt.Sprintf("CGCS2000 / Gauss-Kruger zone %d", zone)
	case code < gk3Prefixed:
		i := code - gk6Plain
		lon0 = firstGKCM + zoneWidth6*float64(i)
		name = fmt.Sprintf("CGCS2000 / Gauss-Kruger CM %gE", lon0)
	case code < gk3Plain:
		i := code - gk3Prefixed
		zone, lon0 = firstGK3Zone+i, firstGKCM+zoneWidth3*float64(i)
		name = fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger zone %d", zone)
	default:
		i := code - gk3Plain
		lon0 = firstGKCM + zoneWidth3*float64(i)
		name = fmt.Sprintf("CGCS2000 / 3-degree Gauss-Kruger CM %gE", lon0)
	}
	tm, err := NewTM(TMParams{Lon0: lon0, K0: 1, FalseEasting: float64(zone)*zonePrefix + GaussKrugerEasting,
		A: SemiMajorAxis, InverseF: CGCS2000InverseF})
	if err != nil {
		return System{}, err
	}
	return System{Code: code, Name: name, kind: kindTM, tm: tm, zone: zone}, nil
}

// gaussKrugerCode returns the EPSG code of the CGCS2000 Gauss–Krüger
// projection with central meridian lon0 and false easting fe, or 0. The
// 3° and 6° codes without zone prefix share central meridians 75°E, 81°E …
// (and hence their formulas); threeDegree picks the 3° one.
func gaussKrugerCode(lon0, fe float64, threeDegree bool) int {
	first := gk6Prefixed
	if threeDegree {
		first = gk3Prefixed
	}
	for code := first; code <= gkLast; code++ {
		s, err := gaussKrugerSystem(code)
		if err == nil && s.tm.p.Lon0 == lon0 && s.tm.p.FalseEasting == fe {
			return code
		}
	}
	return 0
}

// localDatumError explains why a system on datum cannot be imported.
func localDatumError(what, datum string) error {
	return fmt.Errorf("%w: %s is on the %s datum; converting it to CGCS2000 needs the local seven-parameter transformation from your surveying office, so zonegate will not guess (the result would be shifted by tens of metres). Convert the file to EPSG:4490 with GDAL (ogr2ogr -t_srs EPSG:4490 with those parameters) or your GIS first. / %s 为%s坐标系，转换到 CGCS2000 需要当地测绘部门提供的七参数，zonegate 不做近似转换；请先用 GDAL 或 GIS 软件转换为 EPSG:4490 再导入",
		ErrLocalDatum, what, datum, what, datum)
}

// ParseSystem returns the system named s: "EPSG:4546", "4546",
// "urn:ogc:def:crs:EPSG::4546", "http://www.opengis.net/def/crs/EPSG/0/4546",
// "OGC:CRS84" (and its URN/URL forms), "wgs84", "cgcs2000", "gcj02" or
// "bd09", ignoring case and surrounding spaces.
func ParseSystem(s string) (System, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "wgs84", "crs84", "ogc:crs84", "urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84",
		"http://www.opengis.net/def/crs/ogc/1.3/crs84":
		return systemWGS84, nil
	case "cgcs2000":
		return systemCGCS2000, nil
	case "gcj02", "gcj-02":
		return systemGCJ02, nil
	case "bd09", "bd-09":
		return systemBD09, nil
	}
	for _, prefix := range []string{"epsg:", "urn:ogc:def:crs:epsg::", "urn:ogc:def:crs:epsg:",
		"http://www.opengis.net/def/crs/epsg/0/", "https://www.opengis.net/def/crs/epsg/0/"} {
		if rest, ok := strings.CutPrefix(t, prefix); ok {
			t = rest
			break
		}
	}
	if i := strings.LastIndexByte(t, ':'); i >= 0 { // urn:ogc:def:crs:EPSG:9.9:4546
		t = t[i+1:]
	}
	code, err := strconv.Atoi(t)
	if err != nil || code <= 0 {
		return System{}, fmt.Errorf("%w: %q (want EPSG:<code>, e.g. EPSG:4546, or wgs84, cgcs2000, gcj02, bd09)", ErrUnknownSystem, s)
	}
	return Lookup(code)
}

// String names the system: "EPSG:4546 (CGCS2000 / 3-degree Gauss-Kruger
// CM 111E)", or the name alone without a code.
func (s System) String() string {
	if s.Code == 0 {
		return s.Name
	}
	return fmt.Sprintf("EPSG:%d (%s)", s.Code, s.Name)
}

// Projected reports whether the system's coordinates are metres rather
// than degrees.
func (s System) Projected() bool { return s.kind == kindTM || s.kind == kindWebMercator }

// ToWGS84 converts p (x = easting or longitude) to WGS84 longitude and
// latitude in degrees.
func (s System) ToWGS84(p orb.Point) orb.Point {
	switch s.kind {
	case kindTM:
		return s.tm.Inverse(p)
	case kindWebMercator:
		return orb.Point{p[0] / webMercatorR * radToDeg, (2*math.Atan(math.Exp(p[1]/webMercatorR)) - math.Pi/2) * radToDeg}
	case kindObfuscated:
		return ToWGS84(p, s.obf)
	default:
		return p
	}
}

// FromWGS84 converts WGS84 longitude/latitude in degrees to s, the
// inverse of ToWGS84 (x = easting or longitude). Web Mercator latitudes are
// clamped to ±85.0511°. GCJ-02 and BD-09 are not supported and return p
// unchanged.
func (s System) FromWGS84(p orb.Point) orb.Point {
	switch s.kind {
	case kindTM:
		return s.tm.Forward(p)
	case kindWebMercator:
		lat := math.Max(-webMercatorMaxLat, math.Min(webMercatorMaxLat, p[1]))
		return orb.Point{p[0] * degToRad * webMercatorR, math.Log(math.Tan(math.Pi/4+lat*degToRad/2)) * webMercatorR}
	default:
		return p
	}
}

// Geographic reports whether the system's coordinates are longitude and
// latitude in degrees (WGS 84, CGCS2000, GCJ-02, BD-09).
func (s System) Geographic() bool { return s.kind == kindGeographic || s.kind == kindObfuscated }

// NorthingFirst reports whether the EPSG definition of s puts latitude or
// northing first: true for EPSG:4326, 4490 and the CGCS2000 Gauss–Krüger
// zones 4491–4554, false for Web Mercator and systems without a code.
// Positions in System are always easting first; OGC APIs that follow the
// EPSG axis order swap them.
func (s System) NorthingFirst() bool {
	switch {
	case s.Code == 4326 || s.Code == 4490:
		return true
	case s.kind == kindTM:
		return s.Code >= FirstGaussKruger && s.Code <= LastGaussKruger
	}
	return false
}

// CheckBound reports coordinates that cannot be in s: longitude/latitude
// out of range, a Gauss–Krüger easting whose zone prefix disagrees with the
// system's (with the code to use instead), or metres beyond any projection.
func (s System) CheckBound(b orb.Bound) error {
	switch s.kind {
	case kindGeographic, kindObfuscated:
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			return fmt.Errorf("coordinates are declared as %s (degrees) but %s", s, LooksProjected(b))
		}
	case kindWebMercator:
		if math.Abs(b.Min[0]) > 2.1e7 || math.Abs(b.Max[0]) > 2.1e7 || math.Abs(b.Min[1]) > 3e7 || math.Abs(b.Max[1]) > 3e7 {
			return fmt.Errorf("coordinates (x %.0f…%.0f) are out of range for %s", b.Min[0], b.Max[0], s)
		}
	case kindTM:
		zMin, zMax := int(math.Floor(b.Min[0]/zonePrefix)), int(math.Floor(b.Max[0]/zonePrefix))
		if zMin != zMax || zMin != s.zone {
			hint := ""
			if zMin == zMax && zMin > 0 {
				hint = fmt.Sprintf(": the eastings carry zone prefix %d", zMin)
				if c := zonePrefixCode(zMin); c != 0 {
					hint += fmt.Sprintf(" (EPSG:%d)", c)
				}
			} else if s.zone != 0 && zMin == 0 && zMax == 0 {
				hint = ": the eastings carry no zone prefix; use the matching \"CM\" code (EPSG:4502–4512 for 6° zones, 4534–4554 for 3° zones)"
			}
			return fmt.Errorf("eastings %.2f…%.2f do not fit %s%s", b.Min[0], b.Max[0], s, hint)
		}
	}
	return nil
}

// zonePrefixCode returns the CGCS2000 EPSG code whose easting carries zone
// prefix zone: 6° zones 13–23, 3° zones 25–45; 0 for others.
func zonePrefixCode(zone int) int {
	switch {
	case zone >= firstGK6Zone && zone < firstGK6Zone+gk6ZoneCount:
		return gk6Prefixed + zone - firstGK6Zone
	case zone >= firstGK3Zone && zone < firstGK3Zone+gk3ZoneCount:
		return gk3Prefixed + zone - firstGK3Zone
	}
	return 0
}

// LooksProjected explains coordinates that are out of range for
// longitude/latitude, for a file with no coordinate system: "this looks
// like a projected CRS (eastings around 554540): pass --crs EPSG:45xx" with
// the likely code when a zone prefix gives it away. It returns "" for a
// bound within longitude/latitude range.
func LooksProjected(b orb.Bound) string {
	if b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90 {
		return ""
	}
	x := (b.Min[0] + b.Max[0]) / 2
	msg := fmt.Sprintf("this looks like a projected CRS (eastings around %.0f)", x)
	zone := int(math.Floor(x / zonePrefix))
	switch {
	case zone == 0 && x > 0:
		return msg + ": pass --crs EPSG:45xx, the CGCS2000 3° Gauss–Krüger code of your central meridian (EPSG:4534 + (CM − 75)/3, e.g. EPSG:4546 for 111°E; 6° zones: EPSG:4502 + (CM − 75)/6)"
	case zonePrefixCode(zone) != 0:
		return msg + fmt.Sprintf(" with zone prefix %d: pass --crs EPSG:%d", zone, zonePrefixCode(zone))
	}
	return msg + ": pass --crs EPSG:<code> (e.g. EPSG:3857 for Web Mercator, EPSG:45xx for CGCS2000 Gauss–Krüger)"
}

// Known reports whether s is a system (not the zero value).
func (s System) Known() bool { return s.kind != 0 }
