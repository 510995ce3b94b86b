package terrain

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/contour"
	"github.com/zonegate/zonegate/geo/raster"
)

// coverSlack is how far, in cells, a clip zone may reach beyond the DEM's
// sample bounds and still count as covered: it absorbs rounding for zones
// drawn exactly on a tile's edge.
const coverSlack = 1e-6

// window is the part of a DEM around one clip zone, with the samples
// outside the zone set to NaN.
type window struct {
	field     contour.Field
	centreLat float64
}

// clipWindow copies the samples of dem around z's bound, with a margin of
// one sample, and voids those outside z.
func clipWindow(dem *raster.Grid, z *geo.Zone) (window, error) {
	if z == nil {
		return window{}, fmt.Errorf("%w: nil zone", geo.ErrInvalid)
	}
	mp, ok := geo.MultiPolygonOf(z.Geometry)
	if !ok {
		return window{}, fmt.Errorf("%w: clip geometry is %T, want Polygon or MultiPolygon", geo.ErrInvalid, z.Geometry)
	}
	b := mp.Bound()
	if len(mp) == 0 || math.IsNaN(b.Min[0]) || math.IsNaN(b.Max[0]) || math.IsNaN(b.Min[1]) || math.IsNaN(b.Max[1]) {
		return window{}, fmt.Errorf("%w: clip geometry is empty", geo.ErrInvalid)
	}
	db := dem.Bounds()
	sx, sy := coverSlack*dem.DX, coverSlack*dem.DY
	if b.Min[0] < db.Min[0]-sx || b.Max[0] > db.Max[0]+sx || b.Min[1] < db.Min[1]-sy || b.Max[1] > db.Max[1]+sy {
		return window{}, fmt.Errorf("%w: zone bound [%g, %g]×[%g, %g] exceeds DEM [%g, %g]×[%g, %g]", ErrNotCovered,
			b.Min[0], b.Max[0], b.Min[1], b.Max[1], db.Min[0], db.Max[0], db.Min[1], db.Max[1])
	}
	c0, r0 := dem.Index(b.Min[0], b.Max[1])
	c1, r1 := dem.Index(b.Max[0], b.Min[1])
	// Round with the cover slack so a bound on a sample line does not grow
	// the window by a spurious column or row.
	col0 := max(0, int(math.Floor(c0+coverSlack))-1)
	row0 := max(0, int(math.Floor(r0+coverSlack))-1)
	col1 := min(dem.Width-1, int(math.Ceil(c1-coverSlack))+1)
	row1 := min(dem.Height-1, int(math.Ceil(r1-coverSlack))+1)
	w, h := col1-col0+1, row1-row0+1
	f := contour.Field{
		W: w, H: h, Values: make([]float32, w*h),
		X0: dem.X0 + float64(col0)*dem.DX, Y0: dem.Y0 - float64(row0)*dem.DY,
		DX: dem.DX, DY: dem.DY,
	}
	inside := sampleMask(mp, f)
	if inside == nil {
		return window{}, fmt.Errorf("%w: clip window %d×%d is too large", raster.ErrFormat, w, h)
	}
	nan := float32(math.NaN())
	for r := range h {
		src := dem.Data[(row0+r)*dem.Width+col0:]
		dst := f.Values[r*w : (r+1)*w]
		for c := range w {
			if inside[r*w+c] {
				dst[c] = src[c]
			} else {
				dst[c] = nan
			}
		}
	}
	return window{field: f, centreLat: b.Center()[1]}, nil
}

// sampleMask returns, for each sample of f, whether any of the up to four
// marching-squares cells around it has its centre inside mp. The cells
// are rasterised in f's index space (x = column, y = −row), where the cell
// between samples (c, r) and (c+1, r+1) is centred at (c+½, −r−½), so grids
// with DX ≠ DY work too. nil means the grid is too large to rasterise.
func sampleMask(mp orb.MultiPolygon, f contour.Field) []bool {
	idx := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		p := make(orb.Polygon, len(poly))
		for j, ring := range poly {
			rr := make(orb.Ring, len(ring))
			for k, pt := range ring {
				rr[k] = orb.Point{(pt[0] - f.X0) / f.DX, (pt[1] - f.Y0) / f.DY}
			}
			p[j] = rr
		}
		idx[i] = p
	}
	cw, ch := f.W-1, f.H-1
	cells := raster.Rasterize([]orb.MultiPolygon{idx}, cw, ch, orb.Point{0.5, -0.5}, 1)
	if cells == nil {
		return nil
	}
	mask := make([]bool, f.W*f.H)
	for r := range ch {
		for c := range cw {
			if cells[r*cw+c] {
				mask[r*f.W+c], mask[r*f.W+c+1] = true, true
				mask[(r+1)*f.W+c], mask[(r+1)*f.W+c+1] = true, true
			}
		}
	}
	return mask
}
