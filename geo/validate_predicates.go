package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// hitKind classifies how two segments meet.
type hitKind int

const (
	hitNone    hitKind = iota
	hitTouch           // they share exactly one point that is an endpoint of at least one
	hitCross           // they cross at a point interior to both
	hitOverlap         // they are collinear and share a piece of positive length
)

// segmentHit is how two segments meet: the kind, and the shared point (for
// an overlap, the shared piece from At to End; otherwise End == At).
type segmentHit struct {
	kind    hitKind
	at, end orb.Point
}

// intersectSegments classifies segments p1-p2 and q1-q2 (each of positive
// length). Crossing points are computed in floating point; every decision
// is exact.
func intersectSegments(p1, p2, q1, q2 orb.Point) segmentHit {
	o1, o2 := Orient(p1, p2, q1), Orient(p1, p2, q2)
	if o1*o2 > 0 {
		return segmentHit{}
	}
	o3, o4 := Orient(q1, q2, p1), Orient(q1, q2, p2)
	if o3*o4 > 0 {
		return segmentHit{}
	}
	if o1 == 0 && o2 == 0 {
		return collinearHit(p1, p2, q1, q2)
	}
	touch := func(p orb.Point) segmentHit { return segmentHit{kind: hitTouch, at: p, end: p} }
	switch {
	case o1 == 0:
		return touch(q1)
	case o2 == 0:
		return touch(q2)
	case o3 == 0:
		return touch(p1)
	case o4 == 0:
		return touch(p2)
	}
	// Proper crossing: solve p1 + t(p2-p1) on the line through q.
	dx, dy := p2[0]-p1[0], p2[1]-p1[1]
	ex, ey := q2[0]-q1[0], q2[1]-q1[1]
	t := ((q1[0]-p1[0])*ey - (q1[1]-p1[1])*ex) / (dx*ey - dy*ex)
	x := orb.Point{p1[0] + t*dx, p1[1] + t*dy}
	return segmentHit{kind: hitCross, at: x, end: x}
}

// collinearHit handles two segments on one line by comparing them along the
// axis in which p1-p2 extends most.
func collinearHit(p1, p2, q1, q2 orb.Point) segmentHit {
	axis := 0
	if math.Abs(p2[1]-p1[1]) > math.Abs(p2[0]-p1[0]) {
		axis = 1
	}
	pLo, pHi := p1, p2
	if pLo[axis] > pHi[axis] {
		pLo, pHi = pHi, pLo
	}
	qLo, qHi := q1, q2
	if qLo[axis] > qHi[axis] {
		qLo, qHi = qHi, qLo
	}
	lo := pLo
	if qLo[axis] > lo[axis] {
		lo = qLo
	}
	hi := pHi
	if qHi[axis] < hi[axis] {
		hi = qHi
	}
	switch {
	case lo[axis] > hi[axis]:
		return segmentHit{}
	case lo[axis] == hi[axis]:
		return segmentHit{kind: hitTouch, at: lo, end: lo}
	default:
		return segmentHit{kind: hitOverlap, at: lo, end: hi}
	}
}

// Results of locating a point against a ring or polygon.
const (
	locOutside  = -1
	locBoundary = 0
	locInside   = 1
)

// locateInRing tells whether p is inside, on the boundary of or outside the
// closed ring pts, by winding number with exact orientation tests.
func locateInRing(p orb.Point, pts []orb.Point) int {
	wn := 0
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			o := Orient(a, b, p)
			switch {
			case o == 0:
				return locBoundary
			case b[1] > a[1] && o > 0:
				wn++
			case b[1] <= a[1] && o < 0:
				wn--
			}
		} else if (a[1] == p[1] || b[1] == p[1]) && onSegment(p, a, b) {
			return locBoundary
		}
	}
	if wn != 0 {
		return locInside
	}
	return locOutside
}

// onSegment reports whether p lies on the closed segment a-b.
func onSegment(p, a, b orb.Point) bool {
	if p[0] < math.Min(a[0], b[0]) || p[0] > math.Max(a[0], b[0]) ||
		p[1] < math.Min(a[1], b[1]) || p[1] > math.Max(a[1], b[1]) {
		return false
	}
	return Orient(a, b, p) == 0
}
