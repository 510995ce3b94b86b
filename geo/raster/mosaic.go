package raster

import (
	"fmt"
	"math"
)

// latticeTolerance is how far (in cells) a grid's origin may be from the
// first grid's lattice, and how much cell sizes may differ relatively, for
// Mosaic to treat them as the same lattice. 1e-6 cells is 3 mm on a 1″
// grid, far above the rounding of 1/3600 in float64.
const latticeTolerance = 1e-6

// Mosaic joins grids that share one lattice (equal cell sizes, origins a
// whole number of cells apart, same EPSG) into one new grid covering the
// bounding rectangle of all of them. Cells no input covers are void.
// Where inputs overlap — SRTM neighbours share their edge row or column —
// the first non-void value in argument order wins, so a void in one tile
// is filled from its neighbour's copy of the edge. The inputs are not
// modified. Mismatched lattices, an empty argument list or a result
// larger than MaxCells are errors wrapping ErrFormat.
func Mosaic(grids ...*Grid) (*Grid, error) {
	if len(grids) == 0 {
		return nil, fmt.Errorf("%w: mosaic: no grids", ErrFormat)
	}
	ref := grids[0]
	offs := make([][2]int, len(grids)) // column and row of each grid's sample (0, 0) in ref's lattice
	minC, minR, maxC, maxR := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	for i, g := range grids {
		if err := sameLattice(ref, g); err != nil {
			return nil, fmt.Errorf("mosaic: grid %d: %w", i, err)
		}
		c := math.Round((g.X0 - ref.X0) / ref.DX)
		r := math.Round((ref.Y0 - g.Y0) / ref.DY)
		if math.Abs(c-(g.X0-ref.X0)/ref.DX) > latticeTolerance || math.Abs(r-(ref.Y0-g.Y0)/ref.DY) > latticeTolerance {
			return nil, fmt.Errorf("%w: mosaic: grid %d origin (%g, %g) is not on grid 0's lattice", ErrFormat, i, g.X0, g.Y0)
		}
		if math.Abs(c) > MaxCells || math.Abs(r) > MaxCells {
			return nil, fmt.Errorf("%w: mosaic: grid %d lies %g×%g cells away from grid 0", ErrFormat, i, c, r)
		}
		offs[i] = [2]int{int(c), int(r)}
		minC, minR = min(minC, int(c)), min(minR, int(r))
		maxC, maxR = max(maxC, int(c)+g.Width), max(maxR, int(r)+g.Height)
	}
	out, err := NewGrid(maxC-minC, maxR-minR,
		ref.X0+float64(minC)*ref.DX, ref.Y0-float64(minR)*ref.DY, ref.DX, ref.DY)
	if err != nil {
		return nil, fmt.Errorf("mosaic: %w", err)
	}
	out.EPSG = ref.EPSG
	for i, g := range grids {
		c0, r0 := offs[i][0]-minC, offs[i][1]-minR
		for r := range g.Height {
			dst := out.Data[(r0+r)*out.Width+c0 : (r0+r)*out.Width+c0+g.Width]
			for c, v := range g.Data[r*g.Width : (r+1)*g.Width] {
				if dst[c] != dst[c] {
					dst[c] = v
				}
			}
		}
	}
	return out, nil
}

// sameLattice checks that g is well formed and has ref's cell size and CRS.
func sameLattice(ref, g *Grid) error {
	if g == nil {
		return fmt.Errorf("%w: nil grid", ErrFormat)
	}
	if err := checkGeometry(g.Width, g.Height, g.X0, g.Y0, g.DX, g.DY); err != nil {
		return err
	}
	if len(g.Data) != g.Width*g.Height {
		return fmt.Errorf("%w: %d samples for a %d×%d grid", ErrFormat, len(g.Data), g.Width, g.Height)
	}
	if math.Abs(g.DX-ref.DX) > latticeTolerance*ref.DX/float64(max(ref.Width, g.Width)) ||
		math.Abs(g.DY-ref.DY) > latticeTolerance*ref.DY/float64(max(ref.Height, g.Height)) {
		return fmt.Errorf("%w: cell size %g×%g differs from %g×%g", ErrFormat, g.DX, g.DY, ref.DX, ref.DY)
	}
	if g.EPSG != ref.EPSG {
		return fmt.Errorf("%w: EPSG:%d differs from EPSG:%d", ErrFormat, g.EPSG, ref.EPSG)
	}
	return nil
}
