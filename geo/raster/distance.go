package raster

import (
	"math"
	"runtime"
	"sync"
)

// DistanceTransform returns, for every cell of a w×h grid (row-major, like
// Grid.Data), the exact Euclidean distance from its centre to the centre of
// the nearest cell whose mask is true; cells that are true get 0. Cells are
// cellX wide and cellY tall in metric units, so anisotropic cells are
// handled exactly. With no true cell at all every distance is +Inf. It
// returns nil if len(mask) != w·h, w or h is not positive, or a cell size
// is not a positive finite number.
//
// Algorithm (Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled
// Functions", Theory of Computing 8, 2012): squared distance separates
// into a vertical and a horizontal term. Pass 1 finds, per column, the
// number of rows to the nearest true cell with one downward and one upward
// sweep (done row by row so memory is read sequentially). Pass 2 solves,
// per row, D(x) = min_p (cellX·(x−p))² + (cellY·k_p)² with the lower
// envelope of parabolas, in O(w). Total work is O(w·h); rows of pass 2 are
// shared among GOMAXPROCS goroutines. Intermediate values are float64;
// only the result is rounded to float32.
func DistanceTransform(mask []bool, w, h int, cellX, cellY float64) []float32 {
	if w <= 0 || h <= 0 || len(mask) != w*h || !(cellX > 0 && cellY > 0) ||
		math.IsInf(cellX, 0) || math.IsInf(cellY, 0) {
		return nil
	}
	out := make([]float32, w*h)
	columnSteps(mask, w, h, out)

	workers := min(runtime.GOMAXPROCS(0), h)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env := newEnvelope(w)
			for r := k * h / workers; r < (k+1)*h/workers; r++ {
				env.row(out[r*w:(r+1)*w], cellX, cellY)
			}
		}()
	}
	wg.Wait()
	return out
}

// columnSteps writes into out, per cell, the number of rows to the nearest
// true cell in the same column (as a float32, exact below 2^24), or +Inf.
func columnSteps(mask []bool, w, h int, out []float32) {
	inf := float32(math.Inf(1))
	for c := range w { // first row
		if mask[c] {
			out[c] = 0
		} else {
			out[c] = inf
		}
	}
	for r := 1; r < h; r++ { // downward: distance to the nearest true cell above
		prev, cur, m := out[(r-1)*w:r*w], out[r*w:(r+1)*w], mask[r*w:(r+1)*w]
		for c := range cur {
			if m[c] {
				cur[c] = 0
			} else {
				cur[c] = prev[c] + 1
			}
		}
	}
	for r := h - 2; r >= 0; r-- { // upward: nearer true cells below
		next, cur := out[(r+1)*w:(r+2)*w], out[r*w:(r+1)*w]
		for c := range cur {
			if v := next[c] + 1; v < cur[c] {
				cur[c] = v
			}
		}
	}
}

// envelope is the scratch space of the 1-D lower-envelope pass.
type envelope struct {
	f []float64 // squared vertical distance per column
	v []int     // columns of the parabolas in the envelope
	z []float64 // boundaries between them, in column units
}

// newEnvelope allocates scratch for rows of n cells.
func newEnvelope(n int) *envelope {
	return &envelope{f: make([]float64, n), v: make([]int, n), z: make([]float64, n+1)}
}

// row replaces the column step counts in row by final distances.
func (e *envelope) row(row []float32, cellX, cellY float64) {
	n := len(row)
	k := -1 // index of the rightmost parabola in the envelope
	cx2 := cellX * cellX
	for q := range n {
		if math.IsInf(float64(row[q]), 1) {
			e.f[q] = math.Inf(1)
			continue
		}
		d := cellY * float64(row[q])
		e.f[q] = d * d
		fq := e.f[q] + cx2*float64(q)*float64(q)
		for k >= 0 {
			p := e.v[k]
			// Where the parabolas of p and q meet, in column units.
			s := (fq - e.f[p] - cx2*float64(p)*float64(p)) / (2 * cx2 * float64(q-p))
			if s > e.z[k] {
				k++
				e.v[k], e.z[k] = q, s
				break
			}
			k--
		}
		if k < 0 {
			k = 0
			e.v[0], e.z[0] = q, math.Inf(-1)
		}
		e.z[k+1] = math.Inf(1)
	}
	if k < 0 {
		return // no true cell anywhere: the row stays +Inf
	}
	j := 0
	for q := range n {
		for e.z[j+1] < float64(q) {
			j++
		}
		p := e.v[j]
		dx := cellX * float64(q-p)
		row[q] = float32(math.Sqrt(dx*dx + e.f[p]))
	}
}
