package contour

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Below returns the area where the field is below level (value < level) as
// valid polygons with holes; see the package documentation for the rules
// on ties, saddles and no data. The result is empty (nil) when no valid
// cell is below the level.
func Below(f Field, level float64, o Options) (orb.MultiPolygon, error) {
	mp, err := filled(&f, level, modeBelow, o)
	if err != nil {
		return nil, fmt.Errorf("contour: area below %g: %w", level, err)
	}
	return mp, nil
}

// Above returns the area where the field is at or above level
// (value >= level), the complement of Below within the valid cells.
func Above(f Field, level float64, o Options) (orb.MultiPolygon, error) {
	mp, err := filled(&f, level, modeAbove, o)
	if err != nil {
		return nil, fmt.Errorf("contour: area above %g: %w", level, err)
	}
	return mp, nil
}

// rings holds traced rings in grid index space (x = column, y = row): ring
// i is pts[start[i]:start[i+1]], without the closing point.
type rings struct {
	pts   []orb.Point
	start []int
	// area is the signed area in world orientation (y north, in index
	// units): positive for shells (counter-clockwise), negative for holes.
	area []float64
}

func (rs *rings) len() int               { return len(rs.area) }
func (rs *rings) ring(i int) []orb.Point { return rs.pts[rs.start[i]:rs.start[i+1]] }

// collect walks the closed cycles of ch into rings. A cycle that passes a
// pinch point twice is split there into two rings touching at that point,
// so every ring is simple.
func collect(ch *chains) *rings {
	rs := &rings{pts: make([]orb.Point, 0, len(ch.x)), start: make([]int, 0, len(ch.rings)+1)}
	var pinch map[int32]bool
	if len(ch.pinch) > 0 {
		pinch = make(map[int32]bool, len(ch.pinch))
		for _, n := range ch.pinch {
			pinch[n] = true
		}
	}
	var stack []int32
	seen := map[orb.Point]int{}
	for _, head := range ch.rings {
		stack = stack[:0]
		clear(seen)
		n := head
		for {
			p := orb.Point{ch.x[n], ch.y[n]}
			j, ok := seen[p]
			switch {
			case !pinch[n]:
				stack = append(stack, n)
			case ok && j < len(stack) && ch.x[stack[j]] == p[0] && ch.y[stack[j]] == p[1]:
				rs.add(ch, stack[j:])
				stack = stack[:j+1]
			default:
				seen[p] = len(stack)
				stack = append(stack, n)
			}
			n = ch.next[n]
			if n == head {
				break
			}
		}
		rs.add(ch, stack)
	}
	rs.start = append(rs.start, len(rs.pts))
	return rs
}

// add appends the ring of nodes ns with its signed area.
func (rs *rings) add(ch *chains, ns []int32) {
	rs.start = append(rs.start, len(rs.pts))
	a := 0.0
	for i, n := range ns {
		nx := ns[(i+1)%len(ns)]
		rs.pts = append(rs.pts, orb.Point{ch.x[n], ch.y[n]})
		a += ch.x[n]*ch.y[nx] - ch.x[nx]*ch.y[n]
	}
	// Index space has y pointing down, which flips the orientation.
	rs.area = append(rs.area, -a/2)
}

// filled traces the area of mode m and assembles it into polygons.
func filled(f *Field, level float64, m mode, o Options) (orb.MultiPolygon, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if err := checkLevel(level); err != nil {
		return nil, err
	}
	if !(o.SimplifyTolerance >= 0) || math.IsInf(o.SimplifyTolerance, 0) || !(o.MinArea >= 0) {
		return nil, fmt.Errorf("contour: options: SimplifyTolerance %g and MinArea %g must be finite and non-negative",
			o.SimplifyTolerance, o.MinArea)
	}
	ch, err := trace(f, level, m, o.Progress)
	if err != nil {
		return nil, err
	}
	rs := collect(ch)
	keep := make([]bool, rs.len())
	cellArea := f.DX * f.DY
	for i, a := range rs.area {
		keep[i] = math.Abs(a)*cellArea >= o.MinArea && a != 0
	}
	shells, holes, err := nest(rs, keep, f.H)
	if err != nil {
		return nil, err
	}
	if o.SimplifyTolerance > 0 {
		return simplified(f, rs, shells, holes, o.SimplifyTolerance)
	}
	mp := make(orb.MultiPolygon, len(shells))
	for k, s := range shells {
		p := make(orb.Polygon, 0, 1+len(holes[k]))
		p = append(p, toWorld(f, rs.ring(s), nil))
		for _, h := range holes[k] {
			p = append(p, toWorld(f, rs.ring(h), nil))
		}
		mp[k] = p
	}
	if len(mp) == 0 {
		return nil, nil
	}
	return mp, nil
}

// toWorld converts a ring in index space to a closed world ring. With idx
// nil every point is used but vertices in the middle of a straight
// horizontal or vertical run (along grid sides) are dropped; otherwise
// only the points at idx are used.
func toWorld(f *Field, pts []orb.Point, idx []int) orb.Ring {
	w := func(p orb.Point) orb.Point { return orb.Point{f.X0 + p[0]*f.DX, f.Y0 - p[1]*f.DY} }
	if idx != nil {
		out := make(orb.Ring, 0, len(idx)+1)
		for _, i := range idx {
			out = append(out, w(pts[i]))
		}
		return append(out, out[0])
	}
	n := len(pts)
	out := make(orb.Ring, 0, n+1)
	for i, p := range pts {
		a, b := pts[(i+n-1)%n], pts[(i+1)%n]
		if (a[0] == p[0] && p[0] == b[0]) || (a[1] == p[1] && p[1] == b[1]) {
			continue
		}
		out = append(out, w(p))
	}
	if len(out) == 0 { // cannot happen for a ring of positive area
		out = append(out, w(pts[0]))
	}
	return append(out, out[0])
}

// Isolines returns the contour lines at level: closed rings (first point
// equal to the last) and open lines that end where the grid or the valid
// cells end. Lines run with lower values (value < level) on their left.
// Their vertices are exactly the boundary vertices of Below and Above. An
// invalid field or level yields nil.
func Isolines(f Field, level float64) []orb.LineString {
	if f.check() != nil || checkLevel(level) != nil {
		return nil
	}
	ch, err := trace(&f, level, modeLines, nil)
	if err != nil {
		return nil
	}
	w := func(n int32) orb.Point { return orb.Point{f.X0 + ch.x[n]*f.DX, f.Y0 - ch.y[n]*f.DY} }
	var out []orb.LineString
	for _, head := range ch.opens {
		var ls orb.LineString
		for n := head; n >= 0; n = ch.next[n] {
			ls = append(ls, w(n))
		}
		out = append(out, ls)
	}
	for _, head := range ch.rings {
		ls := orb.LineString{w(head)}
		for n := ch.next[head]; n != head; n = ch.next[n] {
			ls = append(ls, w(n))
		}
		out = append(out, append(ls, ls[0]))
	}
	return out
}
