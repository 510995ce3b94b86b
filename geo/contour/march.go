package contour

import (
	"errors"
	"runtime"
	"sync"
)

// mode selects what a trace produces.
type mode uint8

const (
	modeBelow mode = iota // boundary of value < level
	modeAbove             // boundary of value >= level
	modeLines             // isolines only (chords of modeBelow)
)

// Sample classes.
const (
	clsOut    uint8 = 0
	clsIn     uint8 = 1
	clsNoData uint8 = 2
)

// errBroken reports an internal inconsistency of the tracer.
var errBroken = errors.New("contour: internal error: unmatched boundary pieces")

// Cell positions, counter-clockwise in world orientation (y north): even
// positions are corners, odd ones the sides between them.
const (
	posBL, posB, posBR, posR, posTR, posT, posTL, posL = 0, 1, 2, 3, 4, 5, 6, 7
)

// tracer walks the cells row by row and feeds boundary pieces to chains.
type tracer struct {
	f     *Field
	level float64
	mode  mode
	cls   []uint8
	ch    chains
	// slots, keyed by edge or vertex, for sample rows r (top) and r+1
	// (bot) and for the vertical edges of cell row r (mid).
	topH, botH, topV, botV, midV []int32
	r, c                         int
}

// classify fills cls with the class of every sample, in parallel.
func classify(f *Field, level float64, m mode) []uint8 {
	cls := make([]uint8, len(f.Values))
	workers := min(runtime.GOMAXPROCS(0), 8)
	chunk := (len(cls) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(cls); lo += chunk {
		hi := min(lo+chunk, len(cls))
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals, out := f.Values[lo:hi], cls[lo:hi]
			for i, v := range vals {
				x := float64(v)
				switch {
				case v != v:
					out[i] = clsNoData
				case (m == modeAbove) == (x >= level):
					out[i] = clsIn
				}
			}
		}()
	}
	wg.Wait()
	return cls
}

// trace runs marching squares over f and returns the stitched chains.
func trace(f *Field, level float64, m mode, progress func(done, total int)) (*chains, error) {
	W, H := f.W, f.H
	t := &tracer{f: f, level: level, mode: m, cls: classify(f, level, m),
		topH: make([]int32, W), botH: make([]int32, W), topV: make([]int32, W),
		botV: make([]int32, W), midV: make([]int32, W+1)}
	total := H - 1
	for r := 0; r < H-1; r++ {
		t.row(r)
		t.topH, t.botH = t.botH, t.topH
		t.topV, t.botV = t.botV, t.topV
		if progress != nil && (r%256 == 255) {
			progress(r+1, total)
		}
	}
	if progress != nil {
		progress(total, total)
	}
	if t.ch.broken || (m != modeLines && t.ch.pending != 0) {
		return nil, errBroken
	}
	return &t.ch, nil
}

// row processes cell row r: the cells between sample rows r and r+1.
func (t *tracer) row(r int) {
	W, H := t.f.W, t.f.H
	t.r = r
	s0 := t.cls[r*W : (r+1)*W]
	s1 := t.cls[(r+1)*W : (r+2)*W]
	var up, down []uint8
	if r > 0 {
		up = t.cls[(r-1)*W : r*W]
	}
	if r+2 < H {
		down = t.cls[(r+2)*W : (r+3)*W]
	}
	lines := t.mode == modeLines
	for c := 0; c < W-1; c++ {
		a, b, d, e := s0[c], s0[c+1], s1[c], s1[c+1]
		if a|b|d|e == 0 {
			continue
		}
		if a|b|d|e >= clsNoData {
			continue // no-data cell
		}
		if a&b&d&e == 1 {
			if lines {
				continue
			}
			inner := up != nil && down != nil && c > 0 && c < W-2 &&
				(up[c]|up[c+1]|down[c]|down[c+1]|s0[c-1]|s1[c-1]|s0[c+2]|s1[c+2])&clsNoData == 0
			if inner {
				continue
			}
		}
		t.c = c
		t.cell([4]bool{d == clsIn, e == clsIn, b == clsIn, a == clsIn})
	}
}

// cellValid reports whether cell (r,c) exists and has no no-data corner.
func (t *tracer) cellValid(r, c int) bool {
	W := t.f.W
	if r < 0 || c < 0 || r >= t.f.H-1 || c >= W-1 {
		return false
	}
	i := r*W + c
	return (t.cls[i]|t.cls[i+1]|t.cls[i+W]|t.cls[i+W+1])&clsNoData == 0
}

// sideOpen reports whether the neighbour across side (an odd position) of
// the current cell is missing or no-data, so the side is a boundary.
func (t *tracer) sideOpen(side int8) bool {
	r, c := t.r, t.c
	switch side {
	case posB:
		return !t.cellValid(r+1, c)
	case posR:
		return !t.cellValid(r, c+1)
	case posT:
		return !t.cellValid(r-1, c)
	default:
		return !t.cellValid(r, c-1)
	}
}

// cell emits the boundary pieces of the current cell; in holds the inside
// flags of the corners BL, BR, TR, TL.
func (t *tracer) cell(in [4]bool) {
	if in[0] && in[1] && in[2] && in[3] {
		t.fragment([]int8{posBL, posBR, posTR, posTL})
		return
	}
	var runs [2][6]int8
	var lens [2]int
	nr := 0
	for k := int8(1); k < 8; k += 2 {
		if in[(k-1)/2] || !in[((k+1)%8)/2] {
			continue // not an entry: going counter-clockwise from out to in
		}
		run := &runs[nr]
		n := 0
		run[n] = k
		n++
		j := (k + 1) % 8
		for {
			run[n] = j
			n++
			if !in[((j+2)%8)/2] {
				run[n] = (j + 1) % 8
				n++
				break
			}
			j = (j + 2) % 8
		}
		lens[nr] = n
		nr++
	}
	if nr == 1 {
		t.fragment(runs[0][:lens[0]])
		return
	}
	// Saddle: the centre average decides whether the two inside corners
	// connect through the cell.
	if t.centreIn() {
		var both [12]int8
		n := copy(both[:], runs[0][:lens[0]])
		n += copy(both[n:], runs[1][:lens[1]])
		t.fragment(both[:n])
		return
	}
	t.fragment(runs[0][:lens[0]])
	t.fragment(runs[1][:lens[1]])
}

// centreIn classifies the average of the current cell's corners.
func (t *tracer) centreIn() bool {
	W, i := t.f.W, t.r*t.f.W+t.c
	v := t.f.Values
	m := (float64(v[i]) + float64(v[i+1]) + float64(v[i+W]) + float64(v[i+W+1])) / 4
	return (t.mode == modeAbove) == (m >= t.level)
}
