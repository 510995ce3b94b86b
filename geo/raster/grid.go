package raster

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrFormat is wrapped by every error that reports malformed, unsupported
// or inconsistent input data, so callers can tell "bad file" (a 4xx) from
// other failures with errors.Is.
var ErrFormat = errors.New("raster: unsupported or malformed data")

// MaxCells bounds the number of cells any grid built by this package may
// have (2^28 ≈ 268 M cells, 1 GiB of float32). Readers and Mosaic reject
// larger inputs before allocating, so a hostile header cannot exhaust
// memory. A 1″ SRTM tile has 13 M cells.
const MaxCells = 1 << 28

// EPSGWGS84 is the EPSG code of WGS84 longitude/latitude, the CRS of SRTM
// tiles.
const EPSGWGS84 = 4326

// Grid is a north-up raster of float32 samples. float32 holds every int16
// elevation exactly and halves the memory of float64 (52 MB for a 1″
// SRTM tile). Void (nodata) samples are NaN.
//
// Sample (c, r), 0 ≤ c < Width, 0 ≤ r < Height, is Data[r·Width + c] and is
// located at (X0 + c·DX, Y0 − r·DY): row 0 is the northernmost row, columns
// run east. DX and DY are positive cell sizes in the grid's units (degrees
// for geographic grids, metres for metric ones).
type Grid struct {
	Width, Height int
	X0, Y0        float64   // position of sample (0, 0), the NW-most sample
	DX, DY        float64   // cell size: x step per column, y step (southwards) per row
	EPSG          int       // horizontal CRS, e.g. 4326; 0 if unknown
	Data          []float32 // Width·Height samples, row-major; NaN = void
}

// NewGrid returns a grid of w×h void (NaN) samples with the given
// geometry. It fails, wrapping ErrFormat, for non-positive or over-large
// dimensions (see MaxCells) and non-finite or non-positive cell sizes.
func NewGrid(w, h int, x0, y0, dx, dy float64) (*Grid, error) {
	if err := checkGeometry(w, h, x0, y0, dx, dy); err != nil {
		return nil, err
	}
	g := &Grid{Width: w, Height: h, X0: x0, Y0: y0, DX: dx, DY: dy, Data: make([]float32, w*h)}
	nan := float32(math.NaN())
	for i := range g.Data {
		g.Data[i] = nan
	}
	return g, nil
}

// checkGeometry validates grid dimensions and georeferencing.
func checkGeometry(w, h int, x0, y0, dx, dy float64) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: grid size %d×%d is not positive", ErrFormat, w, h)
	}
	if w > MaxCells/h {
		return fmt.Errorf("%w: grid size %d×%d exceeds %d cells", ErrFormat, w, h, MaxCells)
	}
	for _, v := range []float64{x0, y0, dx, dy} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: non-finite georeferencing (%g, %g, %g, %g)", ErrFormat, x0, y0, dx, dy)
		}
	}
	if dx <= 0 || dy <= 0 {
		return fmt.Errorf("%w: cell size %g×%g is not positive (only north-up grids are supported)", ErrFormat, dx, dy)
	}
	return nil
}

// At returns the sample at column col, row row, and NaN for a void sample
// or a position outside the grid.
func (g *Grid) At(col, row int) float32 {
	if col < 0 || row < 0 || col >= g.Width || row >= g.Height {
		return float32(math.NaN())
	}
	return g.Data[row*g.Width+col]
}

// Point returns the position of sample (col, row): (X0 + col·DX, Y0 − row·DY).
func (g *Grid) Point(col, row int) orb.Point {
	return orb.Point{g.X0 + float64(col)*g.DX, g.Y0 - float64(row)*g.DY}
}

// Bounds returns the rectangle spanned by the sample points, from the
// first to the last column and row: exactly the region where Sample can
// answer. For an SRTM tile N36E111 that is [111, 112]×[36, 37].
func (g *Grid) Bounds() orb.Bound {
	return orb.Bound{
		Min: orb.Point{g.X0, g.Y0 - float64(g.Height-1)*g.DY},
		Max: orb.Point{g.X0 + float64(g.Width-1)*g.DX, g.Y0},
	}
}

// CellBounds returns the area covered by the cells when each sample is
// taken to stand for a DX×DY cell centred on it: Bounds grown by half a
// cell on every side. For a pixel-is-area GeoTIFF it is the image's
// extent as GDAL reports it.
func (g *Grid) CellBounds() orb.Bound {
	b := g.Bounds()
	b.Min[0] -= g.DX / 2
	b.Max[0] += g.DX / 2
	b.Min[1] -= g.DY / 2
	b.Max[1] += g.DY / 2
	return b
}

// edgeSlack is how far (in cells) outside the sample hull a position may
// lie and still be snapped onto the edge: it absorbs rounding in
// (x − X0)/DX for positions on a tile's border.
const edgeSlack = 1e-9

// Sample returns the bilinearly interpolated value at (lon, lat) — easting
// and northing for a metric grid — from the up to four samples around it.
// It returns false when the position lies outside Bounds (beyond a
// rounding slack of 1e-9 cells), is not finite, or when any sample that
// contributes with non-zero weight is void. A position exactly on a sample
// point returns that sample, so voids next to it do not matter.
func (g *Grid) Sample(lon, lat float64) (float64, bool) {
	fx := (lon - g.X0) / g.DX
	fy := (g.Y0 - lat) / g.DY
	if !(fx >= -edgeSlack && fy >= -edgeSlack &&
		fx <= float64(g.Width-1)+edgeSlack && fy <= float64(g.Height-1)+edgeSlack) {
		return 0, false // also catches NaN
	}
	c0, tx := cellAndFraction(fx, g.Width)
	r0, ty := cellAndFraction(fy, g.Height)
	var sum float64
	for _, k := range [4]struct {
		dc, dr int
		w      float64
	}{{0, 0, (1 - tx) * (1 - ty)}, {1, 0, tx * (1 - ty)}, {0, 1, (1 - tx) * ty}, {1, 1, tx * ty}} {
		if k.w == 0 {
			continue
		}
		v := g.Data[(r0+k.dr)*g.Width+c0+k.dc]
		if v != v {
			return 0, false
		}
		sum += k.w * float64(v)
	}
	return sum, true
}

// cellAndFraction splits a fractional index f in [−slack, n−1+slack] into
// a base index i with i+1 < n (unless n = 1) and a weight t in [0, 1).
func cellAndFraction(f float64, n int) (int, float64) {
	if f <= 0 || n == 1 {
		return 0, 0
	}
	i := int(f)
	if i >= n-1 {
		return n - 2, 1
	}
	return i, f - float64(i)
}

// Index returns the fractional column and row of (x, y) in sample units:
// sample (c, r) has index exactly (c, r).
func (g *Grid) Index(x, y float64) (col, row float64) {
	return (x - g.X0) / g.DX, (g.Y0 - y) / g.DY
}
