// Package repair turns invalid polygonal geometries into valid ones where
// that can be done without guessing, and says exactly what it changed.
//
// Geometry repairs one Polygon or MultiPolygon: it closes unclosed rings,
// drops duplicate and collinear vertices and spikes, splits self-intersecting
// rings at their crossings (a bow-tie becomes two triangles), cuts holes to
// their shell, unions overlapping parts of a MultiPolygon and winds rings as
// RFC 7946 asks. Each change is an Action in the Report, with the area before
// and after. What cannot be repaired — non-finite or out-of-range
// coordinates, rings with fewer than 3 distinct points or no area, anything
// that is not polygonal — is refused with a *Refusal naming the reason.
//
// The unions, differences and symmetric differences run on
// github.com/peterstace/simplefeatures (a pure-Go DCEL overlay); this package
// only feeds it simple rings. Every result is checked with
// geo.ValidateGeometry before it is returned.
//
// Hook and Collection wire the repair into geo/ingest, so the CLI import and
// the HTTP upload repair features the same way.
package repair
