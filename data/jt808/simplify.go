package jt808

import (
	"math"

	"github.com/paulmach/orb"
)

// Simplification constants.
const (
	metresPerDegree = 111_320.0 // along the equator / a meridian, near enough for a tolerance
	bisectSteps     = 60
	minVertices     = 3
)

// SimplifyRing reduces a closed ring (lon/lat degrees) to at most max
// vertices, not closed, with Douglas–Peucker in a local equirectangular
// metric (x scaled by cos of the mean latitude). It returns the smallest
// tolerance, in metres, that meets max (found by bisection; 0 when the
// ring already fits) and the kept vertices, a subset of the originals in
// order. max below 3 is treated as 3.
func SimplifyRing(ring orb.Ring, max int) ([][2]float64, float64) {
	max = int(math.Max(float64(max), minVertices))
	pts := openRing(ring)
	if len(pts) <= max {
		return toPairs(pts, allIndices(len(pts))), 0
	}
	var lat float64
	for _, p := range pts {
		lat += p[1]
	}
	kx := math.Cos(lat / float64(len(pts)) * math.Pi / 180)
	xy := make([]orb.Point, len(pts))
	for i, p := range pts {
		xy[i] = orb.Point{p[0] * kx * metresPerDegree, p[1] * metresPerDegree}
	}
	lo, hi := 0.0, 1.0
	for len(ringDP(xy, hi)) > max {
		hi *= 2
	}
	keep := ringDP(xy, hi)
	for range bisectSteps {
		mid := (lo + hi) / 2
		if k := ringDP(xy, mid); len(k) <= max {
			hi, keep = mid, k
		} else {
			lo = mid
		}
	}
	return toPairs(pts, keep), hi
}

// openRing drops the closing vertex of a ring.
func openRing(r orb.Ring) []orb.Point {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}

func allIndices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func toPairs(pts []orb.Point, idx []int) [][2]float64 {
	out := make([][2]float64, len(idx))
	for i, j := range idx {
		out[i] = [2]float64{pts[j][0], pts[j][1]}
	}
	return out
}

// ringDP simplifies an open ring with tolerance tol: the ring is split at
// vertex 0 and the vertex farthest from it, and each half is simplified
// with Douglas–Peucker. At least 3 vertices are kept.
func ringDP(pts []orb.Point, tol float64) []int {
	far, farD := 0, -1.0
	for i, p := range pts {
		if d := math.Hypot(p[0]-pts[0][0], p[1]-pts[0][1]); d > farD {
			far, farD = i, d
		}
	}
	keep := make([]bool, len(pts)+1)
	keep[0], keep[far], keep[len(pts)] = true, true, true
	closed := append(pts[:len(pts):len(pts)], pts[0])
	dp(closed, 0, far, tol, keep)
	dp(closed, far, len(pts), tol, keep)
	var out []int
	for i := 0; i < len(pts); i++ {
		if keep[i] {
			out = append(out, i)
		}
	}
	for len(out) < minVertices { // a sliver: keep the vertex farthest from the kept chord
		out = addFarthest(pts, out)
	}
	return out
}

func dp(pts []orb.Point, a, b int, tol float64, keep []bool) {
	if b-a < 2 {
		return
	}
	idx, maxD := -1, -1.0
	for i := a + 1; i < b; i++ {
		if d := segmentDistance(pts[i], pts[a], pts[b]); d > maxD {
			idx, maxD = i, d
		}
	}
	if maxD > tol {
		keep[idx] = true
		dp(pts, a, idx, tol, keep)
		dp(pts, idx, b, tol, keep)
	}
}

func addFarthest(pts []orb.Point, kept []int) []int {
	in := map[int]bool{}
	for _, i := range kept {
		in[i] = true
	}
	best, bestD := -1, -1.0
	for i, p := range pts {
		if in[i] {
			continue
		}
		d := math.Inf(1)
		for _, k := range kept {
			d = math.Min(d, math.Hypot(p[0]-pts[k][0], p[1]-pts[k][1]))
		}
		if d > bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return append(kept, kept[0]) // cannot happen for rings of 3+ vertices
	}
	out := append(kept, best)
	for i := len(out) - 1; i > 0 && out[i] < out[i-1]; i-- {
		out[i], out[i-1] = out[i-1], out[i]
	}
	return out
}

func segmentDistance(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}
