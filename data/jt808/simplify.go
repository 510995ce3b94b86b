package jt808

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Simplification constants.
const (
	metresPerDegree = 111_320.0 // along the equator / a meridian, near enough for a tolerance
	minVertices     = 3
)

// SimplifyRing reduces a closed ring (lon/lat degrees) to at most max
// vertices, not closed, with Douglas–Peucker in a local equirectangular
// metric (x scaled by cos of the mean latitude). It returns the kept
// vertices, a subset of the originals in order, and the smallest
// tolerance in metres whose Douglas–Peucker result meets max (0 when the
// ring already fits). max below 3 is treated as 3.
//
// One Douglas–Peucker pass at tolerance 0 gives every vertex its
// importance, the smallest split distance on its path in the split tree:
// the run at tolerance tol keeps exactly the vertices whose importance
// exceeds tol, so the tolerance for max is read off the sorted
// importances instead of searched for. The pass is O(n log n) for
// boundaries that split evenly, O(n²) at worst (50,000 vertices of a
// sawtooth circle: about a second).
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
	imp, order := importance(xy)
	// The max most important vertices, ties broken by the order they were
	// split off (a parent before its children), so the kept set is a
	// Douglas–Peucker result; the tolerance is the largest importance
	// dropped.
	rank := allIndices(len(pts))
	slices.SortFunc(rank, func(a, b int) int {
		return cmp.Or(cmp.Compare(imp[b], imp[a]), cmp.Compare(order[a], order[b]))
	})
	tol := imp[rank[max]]
	keep := slices.Clone(rank[:max])
	slices.Sort(keep)
	return toPairs(pts, keep), tol
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

// importance returns, for each vertex of an open ring, the largest
// tolerance at which Douglas–Peucker keeps it: the ring is split at vertex
// 0 and the vertex farthest from it (both kept at any tolerance, +Inf),
// and each half is split recursively at its farthest vertex; a vertex's
// importance is its distance from its chord, capped by its parent's.
// order numbers the vertices in the order they were split off.
func importance(pts []orb.Point) (imp []float64, order []int) {
	n := len(pts)
	far, farD := 0, -1.0
	for i, p := range pts {
		if d := math.Hypot(p[0]-pts[0][0], p[1]-pts[0][1]); d > farD {
			far, farD = i, d
		}
	}
	imp, order = make([]float64, n), make([]int, n)
	imp[0], imp[far] = math.Inf(1), math.Inf(1)
	order[far] = 1
	next := 2
	at := func(i int) orb.Point { return pts[i%n] } // index n is vertex 0 again
	type span struct {
		a, b int
		cap  float64
	}
	stack := []span{{0, far, math.Inf(1)}, {far, n, math.Inf(1)}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.b-s.a < 2 {
			continue
		}
		idx, maxD2 := -1, -1.0
		for i := s.a + 1; i < s.b; i++ {
			if d2 := segmentDistance2(pts[i], pts[s.a], at(s.b)); d2 > maxD2 {
				idx, maxD2 = i, d2
			}
		}
		e := math.Min(math.Sqrt(maxD2), s.cap)
		imp[idx], order[idx] = e, next
		next++
		stack = append(stack, span{s.a, idx, e}, span{idx, s.b, e})
	}
	return imp, order
}

// segmentDistance2 is the squared distance from p to segment ab.
func segmentDistance2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	px, py := p[0]-a[0], p[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return px*px + py*py
	}
	t := (px*dx + py*dy) / l2
	t = math.Max(0, math.Min(1, t))
	ex, ey := px-t*dx, py-t*dy
	return ex*ex + ey*ey
}
