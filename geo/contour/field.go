package contour

import (
	"errors"
	"fmt"
	"math"
)

// Epsilon is the smallest distance, as a fraction of a cell edge, between a
// crossing vertex and either sample of its edge. It keeps rings apart where
// samples equal the level exactly; its effect on areas is below 1e-4 of a
// cell per crossed edge.
const Epsilon = 1e-4

// ErrInvalidField is wrapped by the error Below and Above return for a
// Field whose size, values or spacing are unusable.
var ErrInvalidField = errors.New("contour: invalid field")

// Field is a regular grid of samples. Values holds W*H samples row by row,
// Values[row*W+col], with row 0 at the top (north). NaN marks no data.
//
// The samples are points, not cell areas: sample (col,row) sits at
// (X0 + col*DX, Y0 - row*DY). The traced area therefore spans
// [X0, X0+(W-1)*DX] × [Y0-(H-1)*DY, Y0], not half a cell beyond it. (For a
// raster whose pixels are areas, pass the pixel-centre coordinates.)
// Values are float32, which holds every int16 DEM height and float32 DEM
// exactly while halving the memory of float64.
type Field struct {
	// W and H are the number of columns and rows, each at least 2.
	W, H int
	// Values are the samples, len W*H, row-major from the top row.
	Values []float32
	// X0, Y0 locate sample (0,0), the top-left one.
	X0, Y0 float64
	// DX and DY are the positive distances between neighbouring columns
	// and rows; y decreases by DY from one row to the next.
	DX, DY float64
}

// Options tunes Below and Above.
type Options struct {
	// SimplifyTolerance is the Douglas–Peucker tolerance in the Field's
	// units (X and Y); 0 keeps every vertex. A ring whose simplified form
	// would make the result invalid (self-intersection, crossing or
	// touching a neighbour along a segment, changed nesting, fewer than
	// four points) is kept unsimplified.
	SimplifyTolerance float64
	// MinArea drops rings whose area (in the Field's units squared) is
	// below it: a dropped shell takes its holes, a dropped hole is filled.
	// Islands inside a dropped hole are smaller than it and go too. 0
	// keeps every ring.
	MinArea float64
	// Progress, if set, is called with the number of cell rows traced so
	// far and the total (H-1) as the work advances, ending with
	// (total, total). It runs on the calling goroutine.
	Progress func(done, total int)
}

// check reports why f cannot be contoured, or nil.
func (f Field) check() error {
	switch {
	case f.W < 2 || f.H < 2:
		return fmt.Errorf("%w: size %d×%d, need at least 2×2", ErrInvalidField, f.W, f.H)
	case f.W > math.MaxInt32/4 || f.H > math.MaxInt32/4 || f.W*f.H/f.W != f.H:
		return fmt.Errorf("%w: size %d×%d is too large", ErrInvalidField, f.W, f.H)
	case len(f.Values) != f.W*f.H:
		return fmt.Errorf("%w: %d values for %d×%d samples", ErrInvalidField, len(f.Values), f.W, f.H)
	case !(f.DX > 0) || !(f.DY > 0) || math.IsInf(f.DX, 0) || math.IsInf(f.DY, 0):
		return fmt.Errorf("%w: spacing DX=%g DY=%g must be positive and finite", ErrInvalidField, f.DX, f.DY)
	case math.IsNaN(f.X0) || math.IsNaN(f.Y0) || math.IsInf(f.X0, 0) || math.IsInf(f.Y0, 0):
		return fmt.Errorf("%w: origin (%g, %g) is not finite", ErrInvalidField, f.X0, f.Y0)
	}
	return nil
}

// checkLevel reports a NaN or infinite level.
func checkLevel(level float64) error {
	if math.IsNaN(level) || math.IsInf(level, 0) {
		return fmt.Errorf("contour: level %g is not finite", level)
	}
	return nil
}
