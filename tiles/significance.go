package tiles

import (
	"math"

	"github.com/paulmach/orb"
)

// sigMinEdges is the number of edges above which a ring is simplified
// once per zone (significance) instead of once per tile. Per-tile
// Douglas–Peucker costs O(n log n) for the n vertices left after
// clipping; on the heavy benchmark set (rings of 200–2,000 vertices) it
// was half the rendering time at zoom 8 and 12. Smaller rings keep the
// per-tile pass, which simplifies just the clipped part.
const sigMinEdges = 128

// significance returns, for each point of the closed ring r (lon/lat),
// the largest squared Douglas–Peucker tolerance, in Web Mercator units of
// the unit square, at which the point is still kept: Douglas–Peucker on
// the whole ring with tolerance ε keeps exactly the points whose value
// exceeds ε². The first and last points are always kept (+Inf).
//
// Douglas–Peucker picks the farthest point of a segment whatever the
// tolerance and keeps it when its distance exceeds the tolerance and the
// segment itself was reached, i.e. the point that split it off was kept.
// One full recursion, recording for each point the minimum of its own
// distance and its splitter's value, therefore answers every tolerance.
// Values are float32 (4 bytes a point); rounding is monotone, so a
// point's value never exceeds its splitter's.
func significance(r orb.Ring) []float32 { return significanceOf(toMercator(r)) }

// toMercator returns the points of r projected by mercator.
func toMercator(r []orb.Point) []orb.Point {
	pts := make([]orb.Point, len(r))
	for i, p := range r {
		pts[i] = mercator(p)
	}
	return pts
}

// significanceOf is significance for a ring already projected by
// mercator.
func significanceOf(pts []orb.Point) []float32 {
	n := len(pts)
	sig := make([]float32, n)
	sig[0], sig[n-1] = float32(math.Inf(1)), float32(math.Inf(1))
	type span struct {
		lo, hi int
		cap    float32
	}
	stack := []span{{0, n - 1, float32(math.Inf(1))}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, d2 := farthest(pts[s.lo:s.hi+1], 0)
		if far < 0 {
			continue
		}
		far += s.lo
		v := min(float32(d2), s.cap)
		sig[far] = v
		stack = append(stack, span{s.lo, far, v}, span{far, s.hi, v})
	}
	return sig
}

// mercator returns p (lon/lat) in spherical Web Mercator scaled to the
// unit square: x east from −180°, y south from +maxLat.
func mercator(p orb.Point) orb.Point {
	s := math.Sin(clamp(p[1], -maxLat, maxLat) * math.Pi / 180)
	return orb.Point{p[0]/360 + 0.5, 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)}
}

// keepSig appends to out the points of pts whose significance exceeds
// thr2 and returns out.
func keepSig(pts []orb.Point, sig []float32, thr2 float64, out []orb.Point) []orb.Point {
	for i, v := range sig {
		if float64(v) > thr2 {
			out = append(out, pts[i])
		}
	}
	return out
}

// collapseSig is collapseRuns for a ring with significance values: it
// appends to out the points of pts whose significance exceeds thr2 (so
// Douglas–Peucker of the whole ring at that tolerance), with each stretch
// of runs lying beyond one side of the clip box c reduced to the first
// and last such point in it, and returns out.
//
// The clipped region is that of the simplified ring: the simplified
// ring's path through such a stretch joins points of the stretch by
// chords, so it and the chord that replaces it lie in one open half-plane
// missing c, and every point of c keeps its winding number (see
// collapseRuns). A stretch with no kept point adds nothing, as in the
// simplified ring.
func collapseSig(pts []orb.Point, runs []orb.Bound, sig []float32, c orb.Bound, thr2 float64, out []orb.Point) []orb.Point {
	n := len(pts)
	out = append(out, pts[0])
	last := sideNone
	chain := 0 // points the current same-side stretch has emitted
	for i, rb := range runs {
		s := i * runLen
		e := min(s+runLen, n-1)
		side := sideOf(rb, c)
		if side == sideNone {
			out = keepSig(pts[s+1:e+1], sig[s+1:e+1], thr2, out)
			last, chain = sideNone, 0
			continue
		}
		if side != last {
			last, chain = side, 0
		}
		f := s + 1
		for f <= e && float64(sig[f]) <= thr2 {
			f++
		}
		if f > e {
			continue
		}
		l := e
		for float64(sig[l]) <= thr2 {
			l--
		}
		switch {
		case chain == 0 && l == f:
			out = append(out, pts[f])
			chain = 1
		case chain == 0:
			out = append(out, pts[f], pts[l])
			chain = 2
		case chain == 1:
			out = append(out, pts[l])
			chain = 2
		default:
			out[len(out)-1] = pts[l]
		}
	}
	return out
}
