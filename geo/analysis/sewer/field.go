package sewer

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/raster"
)

// refineCells is the half-width, in cells, of the band around a threshold
// in which approximate distances are replaced by exact ones. The distance
// transform measures from the centres of the cells a line was rasterised
// into, which are within cell·(√2/2 + 1/8) of the true distance; a sample
// next to a threshold crossing is within one cell of it. Three cells cover
// both with room to spare, so every sample marching squares interpolates
// between is exact.
const refineCells = 3

// window is a square-celled metric grid of samples: sample (c, r) lies at
// (x0 + c·cell, y0 − r·cell), row 0 at the north, as in geo/raster and
// geo/contour. Origins are multiples of cell, so every window is a part of
// one lattice and results do not depend on how the area was cut.
type window struct {
	x0, y0, cell float64
	w, h         int
}

// newWindow returns the smallest lattice window whose samples span b. It
// fails for a window of more than raster.MaxCells samples.
func newWindow(b orb.Bound, cell float64) (window, error) {
	x0 := math.Floor(b.Min[0]/cell) * cell
	y0 := math.Ceil(b.Max[1]/cell) * cell
	wf := math.Ceil((b.Max[0]-x0)/cell) + 1
	hf := math.Ceil((y0-b.Min[1])/cell) + 1
	if !(wf*hf <= raster.MaxCells) {
		return window{}, fmt.Errorf("sewer: analysis window of %.0f×%.0f cells of %g m exceeds %d cells; use larger cells",
			wf, hf, cell, raster.MaxCells)
	}
	return window{x0: x0, y0: y0, cell: cell, w: int(wf), h: int(hf)}, nil
}

// point returns the position of sample (c, r).
func (g window) point(c, r int) orb.Point {
	return orb.Point{g.x0 + float64(c)*g.cell, g.y0 - float64(r)*g.cell}
}

// bound returns the rectangle the samples span.
func (g window) bound() orb.Bound {
	return orb.Bound{Min: g.point(0, g.h-1), Max: g.point(g.w-1, 0)}
}

// rasterize marks the samples nearest to points taken every cell/4 along
// each segment; parts outside the window are skipped. Every point of a
// segment inside the window is then within cell·(√2/2 + 1/8) of a marked
// sample, and every marked sample within cell·√2/2 of the segment.
func (g window) rasterize(segs []segment) []bool {
	mask := make([]bool, g.w*g.h)
	b := g.bound().Pad(g.cell)
	for _, s := range segs {
		mn, mx := s.bound()
		if mx[0] < b.Min[0] || mn[0] > b.Max[0] || mx[1] < b.Min[1] || mn[1] > b.Max[1] {
			continue
		}
		n := max(1, int(math.Ceil(s.length()/(g.cell/4))))
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			x, y := s.a[0]+t*(s.b[0]-s.a[0]), s.a[1]+t*(s.b[1]-s.a[1])
			c := int(math.Round((x - g.x0) / g.cell))
			r := int(math.Round((g.y0 - y) / g.cell))
			if c >= 0 && r >= 0 && c < g.w && r < g.h {
				mask[r*g.w+c] = true
			}
		}
	}
	return mask
}

// distanceField returns, per sample, the distance to the nearest of segs:
// the exact Euclidean distance transform of the rasterised segments, with
// every value within refineCells cells of level replaced by the exact
// vector distance from idx (which must hold segs or a superset). Without
// any segment in the window every value is +Inf.
func (g window) distanceField(segs []segment, idx *segIndex, level float64) []float32 {
	f := raster.DistanceTransform(g.rasterize(segs), g.w, g.h, g.cell, g.cell)
	band := refineCells * g.cell
	for i, v := range f {
		if math.Abs(float64(v)-level) <= band {
			// The true distance is at most v + cell·(√2/2 + 1/8).
			f[i] = float32(idx.nearestWithin(g.point(i%g.w, i/g.w), float64(v)+g.cell))
		}
	}
	return f
}

// signedField returns, per sample, the signed distance to the boundary of
// polys (metric): negative inside, positive outside, exact within
// refineCells cells of the boundary and approximate beyond. A sample is
// inside when raster.Rasterize says so. Empty polys give +Inf everywhere.
func (g window) signedField(polys orb.MultiPolygon) []float32 {
	var segs []segment
	for _, p := range polys {
		for _, ring := range p {
			for i := 1; i < len(ring); i++ {
				segs = append(segs, segment{a: ring[i-1], b: ring[i]})
			}
			if n := len(ring); n > 1 && ring[0] != ring[n-1] {
				segs = append(segs, segment{a: ring[n-1], b: ring[0]})
			}
		}
	}
	f := g.distanceField(segs, newSegIndex(segs), 0)
	if len(segs) == 0 {
		return f
	}
	inside := raster.Rasterize([]orb.MultiPolygon{polys}, g.w, g.h, g.point(0, 0), g.cell)
	for i, in := range inside {
		if in {
			f[i] = -f[i]
		}
	}
	return f
}
