package contour

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo"
)

// simplified builds the polygons with every ring simplified by
// Douglas–Peucker (tolerance in world units), then validates the whole
// result and puts back the unsimplified form of any ring involved in a
// problem until the result is valid. A simplified ring whose orientation
// flips or that keeps fewer than three points is never used. The
// unsimplified rings form a valid MultiPolygon, so this ends, at worst with
// no ring simplified.
//
// Validation sees the final world coordinates multiplied by a power of two
// (exact), so that they pass the lon/lat range check of
// geo.ValidateGeometry even for metric grids.
func simplified(f *Field, rs *rings, shells []int, holes [][]int, tol float64) (orb.MultiPolygon, error) {
	var ids [][]int // ring ids per polygon, shell first
	for k, s := range shells {
		ids = append(ids, append([]int{s}, holes[k]...))
	}
	if len(ids) == 0 {
		return nil, nil
	}
	m := math.Max(math.Max(math.Abs(f.X0), math.Abs(f.X0+float64(f.W)*f.DX)),
		math.Max(math.Abs(f.Y0), math.Abs(f.Y0-float64(f.H)*f.DY)))
	scale := 1.0
	for m*scale > 90 {
		scale /= 2
	}
	ring := func(id int, idx []int) orb.Ring {
		r := toWorld(f, rs.ring(id), idx)
		for i := range r {
			r[i] = orb.Point{r[i][0] * scale, r[i][1] * scale}
		}
		return r
	}
	mp := make(orb.MultiPolygon, len(ids))
	simple := make([][]bool, len(ids))
	for p, rids := range ids {
		mp[p] = make(orb.Polygon, len(rids))
		simple[p] = make([]bool, len(rids))
		for k, id := range rids {
			if idx := douglasPeucker(f, rs.ring(id), tol); len(idx) >= 3 {
				r := ring(id, idx)
				if a := planar.Area(r); a != 0 && (a > 0) == (rs.area[id] > 0) {
					mp[p][k], simple[p][k] = r, true
					continue
				}
			}
			mp[p][k] = ring(id, nil)
		}
	}
	revert := func(p, k int) {
		mp[p][k] = ring(ids[p][k], nil)
		simple[p][k] = false
	}
	opts := geo.ValidateOptions{MaxVertices: -1}
	for {
		err := geo.ValidateGeometryWith(mp, geo.ClassPolygon, opts)
		if err == nil {
			break
		}
		var ge *geo.GeometryError
		if !errors.As(err, &ge) || ge.Polygon < 0 || ge.Polygon >= len(mp) {
			return nil, err
		}
		p, k := ge.Polygon, min(max(ge.Ring, 0), len(mp[ge.Polygon])-1)
		if simple[p][k] {
			revert(p, k)
			continue
		}
		// The reported ring is original: the culprit is a simplified
		// neighbour. Revert those whose bounds meet the reported ring's.
		box := mp[p][k].Bound()
		changed := false
		for q := range mp {
			for j := range mp[q] {
				if simple[q][j] && mp[q][j].Bound().Intersects(box) {
					revert(q, j)
					changed = true
				}
			}
		}
		if !changed {
			return nil, err // the unsimplified rings are invalid: a bug
		}
	}
	for _, poly := range mp {
		for _, r := range poly {
			for i := range r {
				r[i] = orb.Point{r[i][0] / scale, r[i][1] / scale}
			}
		}
	}
	return mp, nil
}

// douglasPeucker returns the indices (ascending) of the points of the
// closed ring pts kept by Douglas–Peucker with tolerance tol, measured in
// world units. The ring is split at point 0 and the point farthest from it.
func douglasPeucker(f *Field, pts []orb.Point, tol float64) []int {
	n := len(pts)
	w := func(i int) orb.Point {
		p := pts[i%n]
		return orb.Point{p[0] * f.DX, p[1] * f.DY}
	}
	far, farD := 0, -1.0
	for i := 1; i < n; i++ {
		d := distSq(w(0), w(i))
		if d > farD {
			far, farD = i, d
		}
	}
	keep := make([]bool, n)
	keep[0], keep[far] = true, true
	var stack [][2]int
	stack = append(stack, [2]int{0, far}, [2]int{far, n})
	for len(stack) > 0 {
		seg := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := w(seg[0]), w(seg[1])
		best, bestD := -1, tol*tol
		for i := seg[0] + 1; i < seg[1]; i++ {
			if d := segDistSq(w(i), a, b); d > bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			keep[best] = true
			stack = append(stack, [2]int{seg[0], best}, [2]int{best, seg[1]})
		}
	}
	var idx []int
	for i, k := range keep {
		if k {
			idx = append(idx, i)
		}
	}
	return idx
}

func distSq(a, b orb.Point) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}

// segDistSq is the squared distance from p to segment a-b.
func segDistSq(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	if l == 0 {
		return distSq(p, a)
	}
	t := math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	return distSq(p, orb.Point{a[0] + t*dx, a[1] + t*dy})
}
