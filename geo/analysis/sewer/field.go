package sewer

import (
	"context"
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

// windowCells returns the number of samples newWindow(b, cell) would have,
// as a float64 so that absurd sizes do not overflow.
func windowCells(b orb.Bound, cell float64) float64 {
	wf, hf, _, _ := windowDims(b, cell)
	return wf * hf
}

// windowDims returns the width, height and origin of the smallest lattice
// window whose samples span b.
func windowDims(b orb.Bound, cell float64) (wf, hf, x0, y0 float64) {
	x0 = math.Floor(b.Min[0]/cell) * cell
	y0 = math.Ceil(b.Max[1]/cell) * cell
	wf = math.Ceil((b.Max[0]-x0)/cell) + 1
	hf = math.Ceil((y0-b.Min[1])/cell) + 1
	return wf, hf, x0, y0
}

// newWindow returns the smallest lattice window whose samples span b. It
// fails for a window of more than raster.MaxCells samples.
func newWindow(b orb.Bound, cell float64) (window, error) {
	wf, hf, x0, y0 := windowDims(b, cell)
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
func (g window) rasterize(ctx context.Context, segs []segment) ([]bool, error) {
	mask := make([]bool, g.w*g.h)
	b := g.bound().Pad(g.cell)
	for i, s := range segs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
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
	return mask, nil
}

// distanceField returns, per sample, the distance to the nearest of segs:
// the exact Euclidean distance transform of the rasterised segments, with
// every value within refineCells cells of level replaced by the exact
// vector distance from idx (which must hold segs or a superset). Without
// any segment in the window every value is +Inf. It stops with ctx's error
// when ctx ends, checking it every row.
func (g window) distanceField(ctx context.Context, segs []segment, idx *segIndex, level float64) ([]float32, error) {
	mask, err := g.rasterize(ctx, segs)
	if err != nil {
		return nil, err
	}
	f := raster.DistanceTransform(mask, g.w, g.h, g.cell, g.cell)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	band := refineCells * g.cell
	for i, v := range f {
		if i%g.w == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if math.Abs(float64(v)-level) <= band {
			// The true distance is at most v + cell·(√2/2 + 1/8).
			f[i] = float32(idx.nearestWithin(g.point(i%g.w, i/g.w), float64(v)+g.cell))
		}
	}
	return f, nil
}

// signedField returns, per sample, the signed distance to the boundary of
// polys (metric): negative inside, positive outside, exact within
// refineCells cells of the boundary and approximate beyond. A sample is
// inside when raster.Rasterize says so. Empty polys give +Inf everywhere.
// It stops with ctx's error when ctx ends.
func (g window) signedField(ctx context.Context, polys orb.MultiPolygon) ([]float32, error) {
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
	f, err := g.distanceField(ctx, segs, newSegIndex(segs), 0)
	if err != nil || len(segs) == 0 {
		return f, err
	}
	inside := raster.Rasterize([]orb.MultiPolygon{polys}, g.w, g.h, g.point(0, 0), g.cell)
	for i, in := range inside {
		if in {
			f[i] = -f[i]
		}
	}
	return f, ctx.Err()
}
