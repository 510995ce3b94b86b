package demo_test

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// orient returns the sign of the turn a→b→c: +1 left, -1 right, 0 collinear.
func orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment reports whether c, collinear with a and b, lies on segment ab.
func onSegment(a, b, c orb.Point) bool {
	return min(a[0], b[0]) <= c[0] && c[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= c[1] && c[1] <= max(a[1], b[1])
}

// segmentsTouch reports whether the closed segments ab and cd share a point.
func segmentsTouch(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	if o1 != o2 && o3 != o4 && o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// checkRing reports the first OGC/RFC 7946 problem of r: not closed, fewer
// than 4 points, repeated consecutive points, wrong winding, or two edges
// that touch anywhere but at the vertex adjacent edges share.
func checkRing(r orb.Ring, wantCCW bool) error {
	if len(r) < 4 {
		return fmt.Errorf("ring has %d points, want >= 4", len(r))
	}
	if r[0] != r[len(r)-1] {
		return fmt.Errorf("ring not closed: %v != %v", r[0], r[len(r)-1])
	}
	for i := 1; i < len(r); i++ {
		if r[i] == r[i-1] {
			return fmt.Errorf("repeated point %v at %d", r[i], i)
		}
		if math.IsNaN(r[i][0]) || math.IsNaN(r[i][1]) {
			return fmt.Errorf("NaN at %d", i)
		}
	}
	if want := map[bool]orb.Orientation{true: orb.CCW, false: orb.CW}[wantCCW]; r.Orientation() != want {
		return fmt.Errorf("orientation %v, want %v", r.Orientation(), want)
	}
	n := len(r) - 1 // edges
	for i := range n {
		for j := i + 1; j < n; j++ {
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if adjacent {
				// Adjacent edges may share only their common vertex: fail
				// when they fold back onto each other.
				a, b, c := r[i], r[i+1], r[i+2]
				if j == n-1 && i == 0 {
					a, b, c = r[n-1], r[0], r[1]
				}
				if orient(a, b, c) == 0 && onSegment(a, b, c) {
					return fmt.Errorf("edges %d and %d fold back", i, j)
				}
				continue
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return fmt.Errorf("edges %d and %d intersect", i, j)
			}
		}
	}
	return nil
}

// checkPolygon checks every ring, that holes lie strictly inside the shell
// and that holes do not touch each other.
func checkPolygon(p orb.Polygon) error {
	if len(p) == 0 {
		return fmt.Errorf("polygon has no rings")
	}
	for i, r := range p {
		if err := checkRing(r, i == 0); err != nil {
			return fmt.Errorf("ring %d: %w", i, err)
		}
	}
	for i, h := range p[1:] {
		if err := ringInside(h, p[0]); err != nil {
			return fmt.Errorf("hole %d: %w", i+1, err)
		}
		for j, g := range p[i+2:] {
			if ringsTouch(h, g) || planar.RingContains(g, h[0]) || planar.RingContains(h, g[0]) {
				return fmt.Errorf("holes %d and %d overlap", i+1, i+j+2)
			}
		}
	}
	return nil
}

// ringsTouch reports whether any edge of a touches any edge of b.
func ringsTouch(a, b orb.Ring) bool {
	if !a.Bound().Intersects(b.Bound()) {
		return false
	}
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if segmentsTouch(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}

// ringInside reports whether ring in lies strictly inside ring out: every
// vertex inside and no edges touching.
func ringInside(in, out orb.Ring) error {
	for i, p := range in {
		if !planar.RingContains(out, p) {
			return fmt.Errorf("vertex %d %v outside", i, p)
		}
	}
	if ringsTouch(in, out) {
		return fmt.Errorf("edges touch")
	}
	return nil
}

// polygonInside reports whether polygon in lies strictly inside polygon
// out: in's shell inside out's shell, clear of out's holes (no shared
// boundary, no in-vertex inside a hole, no hole-vertex inside in).
func polygonInside(in, out orb.Polygon) error {
	if err := ringInside(in[0], out[0]); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	for k, h := range out[1:] {
		if ringsTouch(in[0], h) {
			return fmt.Errorf("hole %d: edges touch", k+1)
		}
		if planar.RingContains(h, in[0][0]) || planar.RingContains(in[0], h[0]) {
			return fmt.Errorf("hole %d overlaps", k+1)
		}
	}
	return nil
}

// polygonsDisjoint reports whether a and b (shells only) share no point.
func polygonsDisjoint(a, b orb.Polygon) bool {
	return !ringsTouch(a[0], b[0]) && !planar.RingContains(a[0], b[0][0]) && !planar.RingContains(b[0], a[0][0])
}

// errorf is fmt.Errorf, named for brevity in checks.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
