// Package crs converts between WGS84 longitude/latitude and the two
// obfuscated coordinate systems used by consumer maps in mainland China.
//
// GCJ-02 (国测局坐标, "Mars coordinates") is the datum that Chinese law
// requires for published maps: a deterministic but undocumented non-linear
// offset of roughly 100–700 m applied to WGS84 positions. AutoNavi/Amap,
// Tencent and the Chinese editions of Apple and Google maps serve GCJ-02, and
// phones sold in China often report it from their location APIs.
//
// BD-09 (百度坐标) is Baidu Maps' own second obfuscation applied on top of
// GCJ-02: a small rotation and scaling around the origin plus a shift of
// about 0.0065° east and 0.006° north (together roughly 1 km).
//
// The forward transforms (WGS84→GCJ-02→BD-09) are the closed formulas in
// wide circulation; the inverses are computed iteratively so that a round
// trip is exact to about 1e-9 degrees (millimetres), far better than the
// one-step approximations (1–2 m) found in many libraries.
//
// Everything here works on orb.Point values, X = longitude, Y = latitude, in
// degrees. The package holds no state and is safe for concurrent use.
package crs

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// CRS names a geographic coordinate system a client may send positions in.
type CRS string

// The coordinate systems zonegate accepts.
const (
	// WGS84 is plain GPS longitude/latitude (EPSG:4326), zonegate's internal
	// system.
	WGS84 CRS = "wgs84"
	// GCJ02 is the Chinese national obfuscated datum (see the package doc).
	GCJ02 CRS = "gcj02"
	// BD09 is Baidu's obfuscation on top of GCJ-02 (see the package doc).
	BD09 CRS = "bd09"
)

// validNames lists the names Parse accepts, for error messages.
const validNames = `"wgs84", "cgcs2000", "gcj02", "bd09" (or empty for wgs84)`

// Parse returns the CRS named s, ignoring case and surrounding spaces. The
// empty string means WGS84.
//
// "cgcs2000" (China Geodetic Coordinate System 2000, EPSG:4490, the official
// datum of Chinese surveying and of the gazettes' data) is accepted and
// mapped to WGS84: both are ITRF-aligned geocentric datums whose ellipsoids
// differ only in the flattening's ninth significant digit, so positions agree
// to a few centimetres — far below the precision of a zone boundary. It is a
// true datum, not an obfuscation, so no offset is applied.
//
// Any other name is an error that lists the valid names.
func Parse(s string) (CRS, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "wgs84", "cgcs2000":
		return WGS84, nil
	case "gcj02":
		return GCJ02, nil
	case "bd09":
		return BD09, nil
	}
	return "", fmt.Errorf("crs: unknown coordinate system %q (want one of %s)", s, validNames)
}

// ToWGS84 converts p, given in c, to WGS84 longitude/latitude.
//
// Offsets are applied only to points inside China's rough bounding box
// (see InChina); anywhere else GCJ-02 and BD-09 are taken to equal WGS84, as
// the published maps do. Inside the box the GCJ-02 inverse is solved
// iteratively to better than 1e-9 degrees. A CRS value that Parse would not
// return is treated as WGS84, so p is returned unchanged. NaN or infinite
// input yields NaN or infinite output, never a panic.
func ToWGS84(p orb.Point, c CRS) orb.Point {
	if !InChina(p) {
		return p
	}
	switch c {
	case GCJ02:
		return gcjToWGS(p)
	case BD09:
		return gcjToWGS(bdToGCJ(p))
	default:
		return p
	}
}

// FromWGS84 converts the WGS84 point p to c. It is the inverse of ToWGS84
// and follows the same bounding-box rule.
func FromWGS84(p orb.Point, c CRS) orb.Point {
	if !InChina(p) {
		return p
	}
	switch c {
	case GCJ02:
		return wgsToGCJ(p)
	case BD09:
		return gcjToBD(wgsToGCJ(p))
	default:
		return p
	}
}

// China's rough bounding box, the one used by the widely circulated GCJ-02
// code: longitude 72.004°E–137.8347°E, latitude 0.8293°N–55.8271°N. It
// covers the mainland, Hainan, Taiwan, Hong Kong and Macau and also parts of
// neighbouring countries; only the obfuscating maps decide where their offset
// stops, and this box is what they are generally observed to use.
const (
	chinaMinLon = 72.004
	chinaMaxLon = 137.8347
	chinaMinLat = 0.8293
	chinaMaxLat = 55.8271
)

// InChina reports whether p lies in China's rough bounding box (longitude
// 72.004…137.8347, latitude 0.8293…55.8271, bounds included), the region
// where GCJ-02 and BD-09 differ from WGS84.
func InChina(p orb.Point) bool {
	return p[0] >= chinaMinLon && p[0] <= chinaMaxLon &&
		p[1] >= chinaMinLat && p[1] <= chinaMaxLat
}
