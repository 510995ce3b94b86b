package sewer

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// segment is one straight piece of a line in the metric plane; line is the
// index of the feature it belongs to (a Line, or a clip polygon).
type segment struct {
	a, b orb.Point
	line int
}

// bound returns the segment's bounding box.
func (s segment) bound() ([2]float64, [2]float64) {
	return [2]float64{math.Min(s.a[0], s.b[0]), math.Min(s.a[1], s.b[1])},
		[2]float64{math.Max(s.a[0], s.b[0]), math.Max(s.a[1], s.b[1])}
}

// dist2 returns the squared distance from p to the closed segment.
func (s segment) dist2(p orb.Point) float64 {
	dx, dy := s.b[0]-s.a[0], s.b[1]-s.a[1]
	px, py := p[0]-s.a[0], p[1]-s.a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
	}
	ex, ey := px-t*dx, py-t*dy
	return ex*ex + ey*ey
}

// length returns the segment's length.
func (s segment) length() float64 { return math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1]) }

// segIndex finds the segment nearest to a point with an R-tree of segment
// boxes searched best-first. It is immutable once built and safe for
// concurrent use.
type segIndex struct {
	segs []segment
	tree rtree.RTreeG[int32]
}

// newSegIndex indexes segs (kept, not copied).
func newSegIndex(segs []segment) *segIndex {
	x := &segIndex{segs: segs}
	for i, s := range segs {
		mn, mx := s.bound()
		x.tree.Insert(mn, mx, int32(i))
	}
	return x
}

// nearest returns the index of the segment nearest to p and its distance,
// or (-1, +Inf) when there is none. Ties go to the first one found.
func (x *segIndex) nearest(p orb.Point) (int, float64) {
	best, bestD2 := -1, math.Inf(1)
	x.tree.Nearby(func(mn, mx [2]float64, i int32, item bool) float64 {
		if item {
			return x.segs[i].dist2(p)
		}
		return boxDist2(p, mn, mx)
	}, func(_, _ [2]float64, i int32, d2 float64) bool {
		best, bestD2 = int(i), d2
		return false
	})
	return best, math.Sqrt(bestD2)
}

// nearestWithin returns the distance from p to the nearest segment if one
// lies within r, by a box search that is much cheaper than best-first
// search for small r; otherwise it falls back to nearest.
func (x *segIndex) nearestWithin(p orb.Point, r float64) float64 {
	best := math.Inf(1)
	x.tree.Search([2]float64{p[0] - r, p[1] - r}, [2]float64{p[0] + r, p[1] + r},
		func(_, _ [2]float64, i int32) bool {
			best = math.Min(best, x.segs[i].dist2(p))
			return true
		})
	if d := math.Sqrt(best); d <= r {
		return d
	}
	_, d := x.nearest(p)
	return d
}

// boxDist2 is the squared distance from p to the box [mn, mx].
func boxDist2(p orb.Point, mn, mx [2]float64) float64 {
	dx := math.Max(0, math.Max(mn[0]-p[0], p[0]-mx[0]))
	dy := math.Max(0, math.Max(mn[1]-p[1], p[1]-mx[1]))
	return dx*dx + dy*dy
}
