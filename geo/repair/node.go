package repair

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
	"github.com/zonegate/zonegate/geo"
)

// splitRing nodes the clean closed ring r at every point where it crosses
// or touches itself and cuts it into simple closed loops, each visiting
// every node once. split is false when r was simple already (then loops is
// just r). Loops that collapse (no area) are dropped. Edge pairs are found
// through an R-tree of edge boxes, so the cost is O((n + k) log n) for n
// vertices and k crossings.
func splitRing(r orb.Ring) (loops []orb.Ring, split bool) {
	m := len(r) - 1 // edges
	if m <= 3 {
		return []orb.Ring{r}, false
	}
	var tr rtree.RTreeG[int]
	for i := 0; i < m; i++ {
		lo, hi := edgeBox(r[i], r[i+1])
		tr.Insert(lo, hi, i)
	}
	cuts := make([][]orb.Point, m)
	for i := 0; i < m; i++ {
		lo, hi := edgeBox(r[i], r[i+1])
		tr.Search(lo, hi, func(_, _ [2]float64, j int) bool {
			if j <= i || j == i+1 || (i == 0 && j == m-1) {
				return true
			}
			onI, onJ := crossings(r[i], r[i+1], r[j], r[j+1])
			cuts[i] = append(cuts[i], onI...)
			cuts[j] = append(cuts[j], onJ...)
			return true
		})
	}
	noded := make([]orb.Point, 0, len(r))
	for i := 0; i < m; i++ {
		noded = append(noded, r[i])
		noded = append(noded, sortAlong(r[i], r[i+1], cuts[i])...)
	}
	loops = cutLoops(noded)
	split = len(noded) != m || len(loops) != 1
	if !split {
		return []orb.Ring{r}, false
	}
	return loops, true
}

// cutLoops walks the noded cyclic point list and cuts out a loop whenever
// it returns to a point already on its path.
func cutLoops(noded []orb.Point) []orb.Ring {
	var loops []orb.Ring
	stack := make([]orb.Point, 0, len(noded))
	at := make(map[orb.Point]int, len(noded))
	walk := append(noded, noded[0])
	for _, p := range walk {
		if len(stack) > 0 && stack[len(stack)-1] == p {
			continue
		}
		k, seen := at[p]
		if !seen {
			at[p] = len(stack)
			stack = append(stack, p)
			continue
		}
		loop := make(orb.Ring, 0, len(stack)-k+1)
		loop = append(append(loop, stack[k:]...), p)
		for _, q := range stack[k+1:] {
			delete(at, q)
		}
		stack = stack[:k+1]
		if c, _ := cleanRing(loop); c != nil {
			loops = append(loops, c)
		}
	}
	return loops
}

// crossings returns the points where edges p1p2 and q1q2 meet, to be
// inserted into each: a proper crossing point into both, an endpoint of
// one lying inside the other into the other. Shared endpoints need no
// insertion. The orientation tests are exact (geo.Orient); only a proper
// crossing point is computed in floating point.
func crossings(p1, p2, q1, q2 orb.Point) (onP, onQ []orb.Point) {
	o1, o2 := geo.Orient(p1, p2, q1), geo.Orient(p1, p2, q2)
	o3, o4 := geo.Orient(q1, q2, p1), geo.Orient(q1, q2, p2)
	if o1*o2 < 0 && o3*o4 < 0 {
		x := crossingPoint(p1, p2, q1, q2)
		return []orb.Point{x}, []orb.Point{x}
	}
	if o1 == 0 && inside(p1, p2, q1) {
		onP = append(onP, q1)
	}
	if o2 == 0 && inside(p1, p2, q2) {
		onP = append(onP, q2)
	}
	if o3 == 0 && inside(q1, q2, p1) {
		onQ = append(onQ, p1)
	}
	if o4 == 0 && inside(q1, q2, p2) {
		onQ = append(onQ, p2)
	}
	return onP, onQ
}

// inside reports whether c, known to be collinear with a and b, lies
// strictly between them.
func inside(a, b, c orb.Point) bool {
	if c == a || c == b {
		return false
	}
	return math.Min(a[0], b[0]) <= c[0] && c[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= c[1] && c[1] <= math.Max(a[1], b[1])
}

// crossingPoint computes where the properly crossing edges p1p2 and q1q2
// meet, clamped to the box both edges share.
func crossingPoint(p1, p2, q1, q2 orb.Point) orb.Point {
	dx, dy := p2[0]-p1[0], p2[1]-p1[1]
	ex, ey := q2[0]-q1[0], q2[1]-q1[1]
	den := dx*ey - dy*ex
	t := ((q1[0]-p1[0])*ey - (q1[1]-p1[1])*ex) / den
	x := orb.Point{p1[0] + t*dx, p1[1] + t*dy}
	for k := 0; k < 2; k++ {
		lo := math.Max(math.Min(p1[k], p2[k]), math.Min(q1[k], q2[k]))
		hi := math.Min(math.Max(p1[k], p2[k]), math.Max(q1[k], q2[k]))
		x[k] = math.Max(lo, math.Min(hi, x[k]))
	}
	return x
}

// sortAlong orders the cut points of edge ab from a to b, without
// duplicates or the endpoints themselves.
func sortAlong(a, b orb.Point, pts []orb.Point) []orb.Point {
	if len(pts) == 0 {
		return nil
	}
	d2 := func(p orb.Point) float64 { dx, dy := p[0]-a[0], p[1]-a[1]; return dx*dx + dy*dy }
	sort.Slice(pts, func(i, j int) bool { return d2(pts[i]) < d2(pts[j]) })
	out := pts[:0]
	for _, p := range pts {
		if p == a || p == b || (len(out) > 0 && out[len(out)-1] == p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func edgeBox(a, b orb.Point) (lo, hi [2]float64) {
	return [2]float64{math.Min(a[0], b[0]), math.Min(a[1], b[1])},
		[2]float64{math.Max(a[0], b[0]), math.Max(a[1], b[1])}
}
