package sewer

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// insideLength returns the length of the part of s inside mp (metric): s
// is cut where it crosses any ring edge and each piece whose midpoint lies
// in mp counts (orb's planar containment; boundary points are inside, so
// a piece running along the boundary counts).
func insideLength(s segment, mp orb.MultiPolygon, b orb.Bound) float64 {
	mn, mx := s.bound()
	if mx[0] < b.Min[0] || mn[0] > b.Max[0] || mx[1] < b.Min[1] || mn[1] > b.Max[1] {
		return 0
	}
	ts := []float64{0, 1}
	for _, poly := range mp {
		for _, ring := range poly {
			for i := range ring {
				j := (i + 1) % len(ring)
				if t, ok := crossParam(s.a, s.b, ring[i], ring[j]); ok {
					ts = append(ts, t)
				}
			}
		}
	}
	slices.Sort(ts)
	l := s.length()
	var sum float64
	for i := 1; i < len(ts); i++ {
		t0, t1 := ts[i-1], ts[i]
		if t1 <= t0 {
			continue
		}
		tm := (t0 + t1) / 2
		mid := orb.Point{s.a[0] + tm*(s.b[0]-s.a[0]), s.a[1] + tm*(s.b[1]-s.a[1])}
		if planar.MultiPolygonContains(mp, mid) {
			sum += (t1 - t0) * l
		}
	}
	return sum
}

// crossParam returns the parameter t in [0, 1] along a→b where it meets the
// segment c→d, if they cross at one point. Parallel segments report no
// crossing; their overlap is classified by the midpoint test.
func crossParam(a, b, c, d orb.Point) (float64, bool) {
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, false
	}
	qx, qy := c[0]-a[0], c[1]-a[1]
	t := (qx*sy - qy*sx) / den
	u := (qx*ry - qy*rx) / den
	if t < 0 || t > 1 || u < 0 || u > 1 || math.IsNaN(t) {
		return 0, false
	}
	return t, true
}

// planarAreaM2 is the area of mp (metric): shells minus holes, whatever
// their orientation.
func planarAreaM2(mp orb.MultiPolygon) float64 {
	var a float64
	for _, poly := range mp {
		for i, ring := range poly {
			r := math.Abs(ringArea(ring))
			if i == 0 {
				a += r
			} else {
				a -= r
			}
		}
	}
	return a
}

// ringArea is the signed shoelace area of ring, computed relative to its
// first vertex so that Gauss–Krüger's 37,000 km false easting costs no
// precision.
func ringArea(ring orb.Ring) float64 {
	if len(ring) < 3 {
		return 0
	}
	o := ring[0]
	var sum float64
	for i := 1; i+1 < len(ring); i++ {
		ax, ay := ring[i][0]-o[0], ring[i][1]-o[1]
		bx, by := ring[i+1][0]-o[0], ring[i+1][1]-o[1]
		sum += ax*by - bx*ay
	}
	return sum / 2
}
