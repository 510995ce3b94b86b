package tiles

import "github.com/paulmach/orb"

// simplifier runs Douglas–Peucker with reusable buffers. It keeps the
// same points as orb/simplify.DouglasPeucker (the tests hold it to that):
// a point survives when it lies farther than the tolerance from the
// segment joining the points kept around it. orb's version allocates a
// mask per call and measures through a non-inlined function; on the heavy
// benchmark set that was over a third of the rendering time.
type simplifier struct {
	keep  []bool
	stack []int
}

// simplify removes from pts, in place, the points Douglas–Peucker with
// tolerance tol drops, and returns the shortened slice. The first and last
// points are always kept.
func (s *simplifier) simplify(pts []orb.Point, tol float64) []orb.Point {
	n := len(pts)
	if n <= 2 || tol <= 0 {
		return pts
	}
	if cap(s.keep) < n {
		s.keep = make([]bool, n)
	}
	keep := s.keep[:n]
	clear(keep)
	keep[0], keep[n-1] = true, true
	tol2 := tol * tol
	stack := append(s.stack[:0], 0, n-1)
	for len(stack) > 0 {
		lo, hi := stack[len(stack)-2], stack[len(stack)-1]
		stack = stack[:len(stack)-2]
		if far, _ := farthest(pts[lo:hi+1], tol2); far >= 0 {
			far += lo
			keep[far] = true
			stack = append(stack, lo, far, far, hi)
		}
	}
	s.stack = stack
	out := pts[:0]
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

// farthest returns the index in seg of the interior point farthest from
// the segment joining seg's first and last points, and its squared
// distance, when that exceeds min2; else -1. Ties go to the first.
// Distances are measured to the segment (to an end point when the
// perpendicular foot falls outside it), as orb/planar does. The loop is
// branch-free but for the comparison (the foot's parameter is clamped to
// [0, 1] with min and max): on spiky rings the three-way branch of orb's
// formula mispredicts often. Rounding differs from orb's in the last bit,
// which changes a choice only on an exact tie.
func farthest(seg []orb.Point, min2 float64) (int, float64) {
	n := len(seg)
	if n < 3 {
		return -1, min2
	}
	ax, ay := seg[0][0], seg[0][1]
	bx, by := seg[n-1][0], seg[n-1][1]
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	inv := 0.0
	if l2 > 0 {
		inv = 1 / l2
	}
	far, farD2 := -1, min2
	inner := seg[1 : n-1]
	for i := range inner {
		p := &inner[i]
		px, py := p[0]-ax, p[1]-ay
		t := min(max((px*dx+py*dy)*inv, 0), 1)
		px, py = px-t*dx, py-t*dy
		if d2 := px*px + py*py; d2 > farD2 {
			far, farD2 = i+1, d2
		}
	}
	return far, farD2
}
