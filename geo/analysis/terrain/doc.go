// Package terrain answers elevation questions about zones from a DEM: the
// area below a level inside administrative zones (the gazette's 600 m
// clean-heating line) and its contour line.
//
// It is pure: DEMs come in as raster.Grid values and zones as geo.Zone
// values, results go out as orb geometry in lon/lat; nothing here reads
// files or a store. Result.Layers turns a result into the zones of two
// layers, areas and lines (analysis.Layer), for data.PublishAnalysis.
//
// # Method
//
// For each clip zone the DEM window around the zone is copied, the samples
// outside the zone are set to no data, and the window is contoured with
// marching squares (geo/contour) in lon/lat degrees. A sample counts as
// inside the zone when any of the up to four grid cells around it has its
// centre inside the zone, so the traced area follows the zone's edge on
// the cell lattice: it is unbiased on average but may reach up to one cell
// (about 90 m at 3″) beyond the true boundary. Isolines of the masked
// window end where the no-data edge begins, so lines are clipped to the
// zone too.
//
// Simplification tolerances are given in metres and converted to degrees
// with the length of a degree of latitude at the zone's centre, the longer
// of the two degree lengths, so no vertex moves further than the tolerance.
// Areas are computed in CGCS2000 3° Gauss–Krüger (see AreaKM2), never in
// degrees.
package terrain
