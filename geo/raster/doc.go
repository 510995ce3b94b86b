// Package raster holds georeferenced grids of elevations or distances and
// the algorithms zonegate runs on them: DEM readers (SRTM .hgt and
// GeoTIFF), mosaicking, bilinear sampling, void filling, rasterising
// polygons and the exact Euclidean distance transform.
//
// The package does no I/O: readers take the bytes of a file (and, for
// .hgt, its name) that the caller has read. Grids are plain values; nothing
// here holds global state, and a Grid is safe for concurrent reads.
//
// # Coordinates
//
// A Grid is a lattice of sample points, row 0 at the north. Sample (c, r)
// sits at x = X0 + c·DX, y = Y0 − r·DY (see Grid.Point). X0/Y0 therefore
// name the position of the first sample's point — for a pixel-is-area
// raster that is the centre of the top-left cell, for a pixel-is-point
// raster (SRTM .hgt) the sample position itself. Geographic grids are in
// degrees of longitude/latitude; metric grids (e.g. a distance field on a
// Gauss–Krüger projection) are in metres.
package raster
