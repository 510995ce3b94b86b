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
		a, b := pts[lo], pts[hi]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l2 := dx*dx + dy*dy
		far, farD2 := -1, tol2
		for i := lo + 1; i < hi; i++ {
			p := pts[i]
			px, py := p[0]-a[0], p[1]-a[1]
			if l2 > 0 {
				t := (px*dx + py*dy) / l2
				if t > 1 {
					px, py = p[0]-b[0], p[1]-b[1]
				} else if t > 0 {
					px, py = px-t*dx, py-t*dy
				}
			}
			if d2 := px*px + py*py; d2 > farD2 {
				far, farD2 = i, d2
			}
		}
		if far >= 0 {
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
