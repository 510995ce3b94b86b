// Package kiln answers the brick-kiln questions of the gazette's rule 6
// (临汾市"一城三区"砖瓦行业专项整治): where may kilns in the plains of
// 尧都区, 洪洞县 and 襄汾县 move to, is a proposed site suitable, and does each
// county stay within its output cap.
//
// It is pure: zones come in as geo.Zone values (lon/lat, WGS84 or
// CGCS2000), elevations through the Terrain interface (terrain.DEMSet
// satisfies it), results go out as orb geometry in lon/lat; nothing here
// reads files or a store. Result.Layer turns the candidate areas into the
// zones of a layer (an analysis.Layer) for data.PublishAnalysis.
//
// # Metric plane
//
// All distances are measured in the CGCS2000 3° Gauss–Krüger zone whose
// central meridian is nearest to the centre of the suggested township
// areas (crs.GaussKruger3(crs.Zone3(lon))); for Linfen that is zone 37,
// EPSG:4525, central meridian 111°E. Its scale factor grows as
// 1 + x²/2R² away from the central meridian (2.5·10⁻⁴ at 1.6°, the
// region's eastern edge); distances near the threshold are divided by the
// local scale factor, so the 10 km line is placed on the ground, not on the
// map.
//
// # Candidate areas (Areas)
//
// A cell grid (default 50 m) covers the townships' bounding box grown by
// the minimum distance. The built-up zones are rasterised (cell centres
// inside, plus the cell of every vertex, so zones smaller than a cell are
// not lost) and the exact Euclidean distance transform gives every cell
// the distance to the nearest built-up cell centre. Within three cells of
// the threshold that estimate is replaced by the exact vector distance to
// the built-up polygons, so the threshold line is as precise as the
// marching-squares interpolation (well under a metre), not half a cell.
// Cells outside the suggested townships, or failing the downwind,
// elevation or slope criterion, are set below the threshold; the field is
// contoured at the threshold with geo/contour (valid polygons with holes),
// once per (township, county) pair, and unprojected to lon/lat. Areas are
// in km² (terrain.AreaKM2).
//
// # Downwind
//
// "下风口" is modelled as a sector: a point is downwind when the true
// bearing from the area-weighted centroid of the built-up zones of the
// county containing it (all built-up zones when the county has none or
// the point lies in no county) to the point is within SectorHalfDeg of the
// direction the wind blows towards, WindFromDeg + 180°. The default wind is
// from 315° (north-west, Linfen's winter monsoon, when kilns and heating
// smoke matter most) with a 45° half-angle: sites south-east of the town.
// Both are configurable assumptions, not gazette values. Bearings are
// measured in the Gauss–Krüger plane and corrected by the meridian
// convergence at the centroid (error below 0.3° within 50 km).
//
// # Site check (CheckSite)
//
// The distance to the nearest built-up zone is the geodesic distance
// (crs.GeodesicInverse: Vincenty on the ellipsoid) to the nearest point of
// the zones' boundaries, whose edges are straight in lon/lat like
// everywhere else in zonegate. Candidate edges are found in the
// Gauss–Krüger plane; on each, the nearest point is refined by a
// golden-section search of the geodesic distance. A site inside a built-up
// zone has distance 0.
package kiln
