package raster

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Rasterize marks the cells of a w×h north-up grid (row-major, like
// Grid.Data) whose centres lie inside any of the polygons. origin is the
// centre of cell (0, 0), the NW-most cell, in the polygons' units (e.g.
// metres after projecting to Gauss–Krüger), and cells are square with side
// cell: cell (c, r) is centred at (origin.X + c·cell, origin.Y − r·cell),
// the same convention as Grid's X0/Y0. It returns nil if w or h is not
// positive, w·h exceeds MaxCells, or cell is not a positive finite number.
//
// Each polygon is filled by an even–odd scanline over its rings, so holes
// are excluded; overlapping polygons are unioned. A centre exactly on a
// boundary follows a half-open rule: it is inside when the polygon lies to
// its east (a west edge) or to its north (a south edge), outside on east
// and north edges. A centre on the edge shared by two adjacent polygons
// therefore belongs to exactly one of them and is never lost. The cost is
// O(rows × edges) per polygon, over the rows the polygon spans.
func Rasterize(polys []orb.MultiPolygon, w, h int, origin orb.Point, cell float64) []bool {
	if w <= 0 || h <= 0 || w > MaxCells/h || !(cell > 0) || math.IsInf(cell, 0) {
		return nil
	}
	mask := make([]bool, w*h)
	var xs []float64
	for _, mp := range polys {
		for _, poly := range mp {
			if len(poly) == 0 {
				continue
			}
			b := poly.Bound()
			// Rows whose centre y lies within the polygon's y range.
			rTop := max(0, int(math.Ceil((origin[1]-b.Max[1])/cell)))
			rBot := min(h-1, int(math.Floor((origin[1]-b.Min[1])/cell)))
			for r := rTop; r <= rBot; r++ {
				y := origin[1] - float64(r)*cell
				xs = crossings(poly, y, xs[:0])
				slices.Sort(xs)
				row := mask[r*w : (r+1)*w]
				for i := 0; i+1 < len(xs); i += 2 {
					// Centres with xs[i] ≤ x < xs[i+1] are inside.
					c0 := max(0, int(math.Ceil((xs[i]-origin[0])/cell)))
					c1 := min(w, int(math.Ceil((xs[i+1]-origin[0])/cell)))
					for c := c0; c < c1; c++ {
						row[c] = true
					}
				}
			}
		}
	}
	return mask
}

// crossings appends the x positions where the horizontal line at y crosses
// the polygon's edges. An edge counts when one end is above y and the other
// at or below it, so vertices on the line are counted once.
func crossings(poly orb.Polygon, y float64, xs []float64) []float64 {
	for _, ring := range poly {
		n := len(ring)
		for i := range n {
			a, b := ring[i], ring[(i+1)%n]
			if (a[1] > y) == (b[1] > y) {
				continue
			}
			xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
		}
	}
	return xs
}
