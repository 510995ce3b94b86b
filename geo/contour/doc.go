// Package contour traces isolines and filled areas of a regular grid with
// marching squares.
//
// The grid is a Field of samples. Cell (col,row) is the square between the
// four samples (col,row), (col+1,row), (col,row+1) and (col+1,row+1). Along
// cell edges the value is interpolated linearly between the two samples;
// where the level is crossed, a boundary vertex is placed. A saddle cell
// (diagonal corners on the same side) is resolved by the average of its four
// corners: when the centre is on the same side as the lower-left and
// upper-right corners, those corners are joined through the cell, otherwise
// the other two are. Isolines, Below and Above use the same vertices and the
// same saddle rule, so isolines lie exactly on the filled polygons'
// boundaries, and Below and Above tile the valid part of the grid without
// overlap.
//
// Rules:
//   - A sample belongs to Below when value < level and to Above when
//     value >= level (a sample exactly at the level is Above).
//   - Where an edge is crossed, the vertex is kept at least Epsilon (a
//     fraction of the cell edge) away from both samples. A sample exactly at
//     the level therefore lies just inside Above, and rings never touch one
//     another inside the valid part of the grid.
//   - A cell with a NaN (no data) corner is a no-data cell. No-data cells and
//     the outside of the grid belong to neither Below nor Above: filled areas
//     close along the edges of no-data cells and along the outer sample
//     rows and columns. Isolines end there (open lines).
//   - Where two filled cells meet only at a corner between two no-data
//     cells, the areas are split there: two rings touch at that single point
//     (valid for OGC polygons).
//
// Output rings follow RFC 7946: shells counter-clockwise, holes clockwise,
// x east and y north; every hole lies in the smallest shell containing it,
// rings are closed, have no consecutive duplicate points and at least four
// points.
package contour
