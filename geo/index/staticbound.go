package index

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// A static error bound for a pair's orientation tests. cellContains
// certifies each of its three orientation signs with Shewchuk's filter
// |d| > OrientErrBound·(|l| + |r|), which costs six absolute values an
// edge. For a pair of a bucket, every difference it forms (vertex minus
// point, reference point minus point) is bounded at build time, so one
// bound B2 per pair replaces the filter: d·d > B2 implies the sign of d is
// certain; otherwise the edge is decided exactly, as in cellContains.
//
// Why d·d > B2 suffices. Let c be the bucket's computed centre, W the
// larger bucket side, D the largest |v - c| (either coordinate) over the
// pair's vertices v, and M = D + 2W. A point p looked up in the bucket lies
// within W/2 of c, give or take rounding far below W (bucketX and bucketY
// truncate a product), and the reference point r within W/2 too, so every
// exact difference a-p, c-p, r-p has coordinates of magnitude at most M,
// and the computed ones at most M(1+u) (u = 2^-53). The products l and r
// of an orientation are then at most M²(1+u)³ in magnitude, and Shewchuk's
// bound OrientErrBound·(|l| + |r|) is below B = 4·OrientErrBound·M². B2 is
// a power of two at least 2·B², with factors to spare for the rounding of
// B itself; the computed square satisfies fl(d·d) ≤ d²(1+u), so
// fl(d·d) > B2 gives d² > B², i.e. |d| > B, and the filter would have
// passed. A NaN, an underflow to zero or a subnormal square only fails the
// test and falls back to the exact decision.

// staticBound returns the biased exponent eb of a pair's bound B2 =
// 2^(eb-1023) for the given edges of pts, whose bucket has computed centre
// c and larger side w; 0 when no usable bound exists (B2 would not be a
// normal number well below overflow), in which case the pair is tested with
// cellContains.
func staticBound(pts []orb.Point, edges []uint32, c orb.Point, w float64) uint32 {
	var d float64
	for _, x := range edges {
		e := x &^ sideBit32
		for _, v := range [2]orb.Point{pts[e], pts[e+1]} {
			d = max(d, math.Abs(v[0]-c[0]), math.Abs(v[1]-c[1]))
		}
	}
	m := d + 2*w
	b := 4 * geo.OrientErrBound * m * m
	b2 := 2 * b * b
	if !(b2 < 0x1p1000) {
		return 0 // too large, infinite or NaN
	}
	_, exp := math.Frexp(b2) // b2 < 2^exp
	if b2 == 0 {
		exp = -1021 // underflowed: below any normal number
	}
	exp = max(exp, -1021) // larger is safe; keeps 2^exp normal
	return uint32(exp + 1023)
}

// boundedContains is cellContains with the pair's static bound b2 (see
// above) in place of the per-edge filter.
func boundedContains(pts []orb.Point, edges []uint32, p, r orb.Point, in bool, b2 float64) bool {
	var flips uint64
	rpx, rpy := r[0]-p[0], r[1]-p[1]
	for _, x := range edges {
		e := x &^ sideBit32
		a, c := pts[e], pts[e+1]
		apx, apy, cpx, cpy := a[0]-p[0], a[1]-p[1], c[0]-p[0], c[1]-p[1]
		// As in cellContains: d0 = Orient(a, c, p), d1 and d2 the sides of
		// a and c relative to p→r.
		d0 := float64(apx*cpy) - float64(apy*cpx)
		d1 := float64(apx*rpy) - float64(apy*rpx)
		d2 := float64(cpx*rpy) - float64(cpy*rpx)
		if !(d0*d0 > b2) || !(d1*d1 > b2) || !(d2*d2 > b2) {
			flip, on := edgeFlip(a, c, p, r, x&sideBit32 != 0)
			if on {
				return true
			}
			if flip {
				flips ^= 1
			}
			continue
		}
		flips ^= certainFlip(d0, d1, d2, uint64(x>>31)&1)
	}
	return in != (flips == 1)
}
