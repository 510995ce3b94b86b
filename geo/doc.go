// Package geo is zonegate's domain vocabulary: layers and their kinds, zones
// as versioned features with a validity interval, and the rules that make a
// geometry acceptable. It performs no I/O.
//
// All coordinates are longitude/latitude in WGS84 (EPSG:4326; CGCS2000 is
// treated as equal, the two differ by centimetres). Geometry crossing package
// boundaries is always github.com/paulmach/orb.
//
// Boundary convention: a point exactly on a polygon's boundary (shell or hole)
// counts as inside the polygon. A point on the border shared by two zones is
// therefore in both.
package geo
