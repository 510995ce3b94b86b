package route

import (
	"math"

	"github.com/paulmach/orb"
)

// span is a parameter interval [lo, hi] along a truck segment.
type span struct{ lo, hi float64 }

// capsuleSpan returns the parameters t of the points p0 + t·d whose planar
// distance to segment a→b is at most r (a capsule: the segment's
// rectangle and the two end discs). The capsule is convex, so the answer
// is one interval: the hull of the line's intervals in the three pieces.
// ok is false when the line misses the capsule.
func capsuleSpan(p0, d, a, b orb.Point, r float64) (span, bool) {
	s := span{lo: math.Inf(1), hi: math.Inf(-1)}
	add := func(x span, ok bool) {
		if ok {
			s.lo, s.hi = math.Min(s.lo, x.lo), math.Max(s.hi, x.hi)
		}
	}
	add(discSpan(p0, d, a, r))
	if a != b {
		add(discSpan(p0, d, b, r))
		add(rectSpan(p0, d, a, b, r))
	}
	return s, s.lo <= s.hi
}

// discSpan solves |p0 + t·d − c|² ≤ r², a quadratic in t.
func discSpan(p0, d, c orb.Point, r float64) (span, bool) {
	fx, fy := p0[0]-c[0], p0[1]-c[1]
	dd := d[0]*d[0] + d[1]*d[1]
	cq := fx*fx + fy*fy - r*r
	if dd == 0 {
		if cq <= 0 {
			return span{math.Inf(-1), math.Inf(1)}, true
		}
		return span{}, false
	}
	bq := fx*d[0] + fy*d[1]
	disc := bq*bq - dd*cq
	if disc < 0 {
		return span{}, false
	}
	sq := math.Sqrt(disc)
	// Stable roots: q carries bq's sign so no cancellation occurs.
	q := -(bq + math.Copysign(sq, bq))
	if q == 0 {
		return span{0, 0}, true // p0 = c and r = 0
	}
	t1, t2 := q/dd, cq/q
	if t1 > t2 {
		t1, t2 = t2, t1
	}
	return span{t1, t2}, true
}

// rectSpan intersects the line with the rectangle of points whose
// projection onto a→b falls within the segment and whose distance to its
// line is at most r.
func rectSpan(p0, d, a, b orb.Point, r float64) (span, bool) {
	ux, uy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(ux, uy)
	ux, uy = ux/l, uy/l
	ox, oy := p0[0]-a[0], p0[1]-a[1]
	along := linearSpan(ox*ux+oy*uy, d[0]*ux+d[1]*uy, 0, l)
	across := linearSpan(ux*oy-uy*ox, ux*d[1]-uy*d[0], -r, r)
	s := span{math.Max(along.lo, across.lo), math.Min(along.hi, across.hi)}
	return s, s.lo <= s.hi
}

// linearSpan solves lo ≤ α + β·t ≤ hi; an empty answer has lo > hi.
func linearSpan(alpha, beta, lo, hi float64) span {
	if beta == 0 {
		if alpha >= lo && alpha <= hi {
			return span{math.Inf(-1), math.Inf(1)}
		}
		return span{1, -1}
	}
	t1, t2 := (lo-alpha)/beta, (hi-alpha)/beta
	if t1 > t2 {
		t1, t2 = t2, t1
	}
	return span{t1, t2}
}
