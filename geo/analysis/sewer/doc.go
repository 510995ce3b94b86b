// Package sewer answers the gazette's sewerage questions (item 7 of
// DESIGN.md's rules): which part of each county's built-up area lies within
// the service distance of a sewer line, how long the combined (雨污合流)
// and separate (雨污分流) networks are, and whether the conversion rate
// separate / (combined + separate) meets the target (40 % in the city
// district, 30 % in county towns by default).
//
// # One analysis engine
//
// Coverage is "threshold a grid, then trace the boundary", like the 600 m
// area: every input is projected to one metric plane, the sewer lines are
// rasterised onto a square grid, the exact Euclidean distance transform of
// geo/raster gives the distance of every cell centre to the nearest marked
// cell, the cells whose value lies within a few cells of the threshold are
// refined to the exact vector distance to the nearest line segment, and
// geo/contour traces the area below the service distance into valid
// polygons with holes, which are projected back to lon/lat. Clipping to a
// county or a built-up area is the same step with a signed distance field
// of the clip polygons' boundary, combined by max(): the area where
// max(distance − service, signed distance to clip) < 0.
//
// # Metric plane
//
// The plane is the CGCS2000 3° Gauss–Krüger zone (geo/crs.GaussKruger3)
// whose central meridian is nearest to the centre of the sewer lines'
// bounding box: zone 37, central meridian 111° E (EPSG:4525) for Linfen.
// Distances and lengths are measured in that plane; within the zone its
// scale error is below 0.03 %. Distances reported by Network.Nearest are
// exact in the plane (point-to-segment distance), not interpolated.
//
// The package does no I/O and holds no global state. Result.Layer turns a
// coverage result into the zones of a layer (an analysis.Layer) for
// data.PublishAnalysis.
package sewer
