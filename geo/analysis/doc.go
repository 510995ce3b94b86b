// Package analysis is the floor of zonegate's applications: analyses that
// answer a planning question from published zones and elevation models,
// built on geo's algorithms (geo/raster, geo/contour, geo/crs) and geo's
// zone model. Each lives in a subpackage:
//
//   - terrain: the area below a level inside clip zones (the 600 m
//     clean-heating line), DEM sampling, slope and aspect;
//   - kiln: brick-kiln relocation areas, site checks and county caps;
//   - sewer: the sewer network's service area, coverage and conversion
//     rates per county, nearest-sewer checks.
//
// Analyses are pure: their inputs are zones, DEM grids and parameters, and
// they read no files and no store. A result that is published returns as
// Layer values (a layer and its zones, with provenance properties); one
// function, data.PublishAnalysis, stores them, so the command line and the
// HTTP handlers run the same code.
package analysis
