// Package label chooses where a feature's name is drawn on a map: the pole
// of inaccessibility of a polygon (the interior point farthest from its
// edges, so the label sits well inside even a concave or holed shape), the
// middle of a line, or the point itself.
package label

import (
	"container/heap"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Point returns the label point of g and whether g has one (an empty
// geometry has none). For a MultiPolygon the largest polygon is labelled;
// for a MultiLineString the longest line. precision is the search tolerance
// in g's units (degrees for lon/lat); 0 means 1/1000 of the larger side of
// the bounding box.
func Point(g orb.Geometry, precision float64) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.MultiPoint:
		if len(g) == 0 {
			return orb.Point{}, false
		}
		return g[0], true
	case orb.LineString:
		return middle(g)
	case orb.MultiLineString:
		var best orb.LineString
		for _, l := range g {
			if planar.Length(l) > planar.Length(best) || best == nil {
				best = l
			}
		}
		return middle(best)
	case orb.Polygon:
		return polylabel(g, precision)
	case orb.MultiPolygon:
		var best orb.Polygon
		bestArea := -1.0
		for _, p := range g {
			if a := math.Abs(planar.Area(p)); a > bestArea {
				best, bestArea = p, a
			}
		}
		return polylabel(best, precision)
	case orb.Collection:
		for _, c := range g {
			if p, ok := Point(c, precision); ok {
				return p, true
			}
		}
	}
	return orb.Point{}, false
}

// middle is the point halfway along l.
func middle(l orb.LineString) (orb.Point, bool) {
	if len(l) == 0 {
		return orb.Point{}, false
	}
	half := planar.Length(l) / 2
	for i := 1; i < len(l); i++ {
		d := planar.Distance(l[i-1], l[i])
		if d >= half && d > 0 {
			t := half / d
			return orb.Point{l[i-1][0] + t*(l[i][0]-l[i-1][0]), l[i-1][1] + t*(l[i][1]-l[i-1][1])}, true
		}
		half -= d
	}
	return l[len(l)-1], true
}

// cell is a square of the polylabel search: centre c, half-size h, signed
// distance d from c to the polygon (positive inside) and the best distance
// max any point of the cell can reach.
type cell struct {
	c      orb.Point
	h, d   float64
	maxDst float64
}

func newCell(c orb.Point, h float64, p orb.Polygon) cell {
	d := signedDistance(c, p)
	return cell{c: c, h: h, d: d, maxDst: d + h*math.Sqrt2}
}

type cellQueue []cell

func (q cellQueue) Len() int           { return len(q) }
func (q cellQueue) Less(i, j int) bool { return q[i].maxDst > q[j].maxDst }
func (q cellQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *cellQueue) Push(x any)        { *q = append(*q, x.(cell)) }
func (q *cellQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// maxCells bounds the search, so a pathological polygon costs bounded time;
// the best point found so far is returned.
const maxCells = 20000

// polylabel finds the pole of inaccessibility of p by quad-tree search
// (Agafonkin's polylabel algorithm).
func polylabel(p orb.Polygon, precision float64) (orb.Point, bool) {
	if len(p) == 0 || len(p[0]) < 3 {
		return orb.Point{}, false
	}
	b := p[0].Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	size := math.Min(w, h)
	if size == 0 {
		return b.Center(), true
	}
	if precision <= 0 {
		precision = math.Max(w, h) / 1000
	}
	q := &cellQueue{}
	half := size / 2
	for x := b.Min[0]; x < b.Max[0]; x += size {
		for y := b.Min[1]; y < b.Max[1]; y += size {
			heap.Push(q, newCell(orb.Point{x + half, y + half}, half, p))
		}
	}
	best := newCell(centroid(p[0]), 0, p)
	if c := newCell(b.Center(), 0, p); c.d > best.d {
		best = c
	}
	for n := 0; q.Len() > 0 && n < maxCells; n++ {
		c := heap.Pop(q).(cell)
		if c.d > best.d {
			best = c
		}
		if c.maxDst-best.d <= precision {
			continue
		}
		h := c.h / 2
		for _, d := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			heap.Push(q, newCell(orb.Point{c.c[0] + d[0]*h, c.c[1] + d[1]*h}, h, p))
		}
	}
	return best.c, true
}

// centroid is the area centroid of ring r, or its first vertex when r has
// no area.
func centroid(r orb.Ring) orb.Point {
	c, a := planar.CentroidArea(r)
	if a == 0 {
		return r[0]
	}
	return c
}

// signedDistance is the distance from pt to the nearest edge of p, positive
// when pt is inside p (holes excluded) and negative outside.
func signedDistance(pt orb.Point, p orb.Polygon) float64 {
	inside := false
	minSq := math.Inf(1)
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > pt[1]) != (b[1] > pt[1]) && pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
				inside = !inside
			}
			minSq = math.Min(minSq, planar.DistanceFromSegmentSquared(a, b, pt))
		}
	}
	d := math.Sqrt(minSq)
	if inside {
		return d
	}
	return -d
}
