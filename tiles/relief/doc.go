// Package relief renders map tiles from elevation models: grey hillshade
// raster tiles (PNG) and contour-line vector tiles (MVT), both in the Web
// Mercator tile grid (orb/maptile) the zone tiles use.
//
// Elevations come from a geo/analysis/terrain DEMSet: each tile is sampled
// bilinearly on a regular lattice in the tile's own pixel space, with a
// margin, so neighbouring tiles compute the same values along their shared
// edges and show no seams. Slopes are measured in metres on the GRS80
// ellipsoid at each row's latitude, so the relief does not exaggerate with
// latitude or zoom.
//
// A Renderer holds no mutable state besides pools of encoder buffers; it is
// safe for concurrent use.
package relief
