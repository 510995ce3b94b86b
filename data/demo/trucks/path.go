package trucks

import (
	"math"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Metres per degree for the local flat projection around a point; good to
// a fraction of a percent over the few kilometres the generator uses it.
const (
	mPerDegLat = 110_574.0
	mPerDegLon = 111_320.0 // times cos(latitude)
)

// path is a polyline measured along its length (haversine metres).
type path struct {
	line orb.LineString
	cum  []float64 // cum[i]: distance from line[0] to line[i]
}

func newPath(line orb.LineString) path {
	cum := make([]float64, len(line))
	for i := 1; i < len(line); i++ {
		cum[i] = cum[i-1] + orbgeo.DistanceHaversine(line[i-1], line[i])
	}
	return path{line: line, cum: cum}
}

// length is the path's length in metres.
func (p path) length() float64 { return p.cum[len(p.cum)-1] }

// segment returns the index i of the segment line[i]→line[i+1] holding
// distance s (clamped to the path).
func (p path) segment(s float64) int {
	lo, hi := 0, len(p.cum)-2
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.cum[mid] <= s {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// at returns the point at distance s along the path (clamped), linearly
// interpolated within its segment.
func (p path) at(s float64) orb.Point {
	s = math.Max(0, math.Min(s, p.length()))
	i := p.segment(s)
	a, b := p.line[i], p.line[i+1]
	seg := p.cum[i+1] - p.cum[i]
	if seg == 0 {
		return a
	}
	f := (s - p.cum[i]) / seg
	return orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
}

// normal returns the unit left normal of the path at distance s, in
// metres east and north.
func (p path) normal(s float64) (east, north float64) {
	i := p.segment(math.Max(0, math.Min(s, p.length())))
	a, b := p.line[i], p.line[i+1]
	dx := (b[0] - a[0]) * mPerDegLon * math.Cos(a[1]*math.Pi/180)
	dy := (b[1] - a[1]) * mPerDegLat
	n := math.Hypot(dx, dy)
	if n == 0 {
		return 0, 0
	}
	return -dy / n, dx / n
}

// offset moves p by east and north metres.
func offset(p orb.Point, east, north float64) orb.Point {
	return orb.Point{p[0] + east/(mPerDegLon*math.Cos(p[1]*math.Pi/180)), p[1] + north/mPerDegLat}
}

// distanceToLine is the distance in metres from p to the nearest point of
// line, in the flat projection around p.
func distanceToLine(p orb.Point, line orb.LineString) float64 {
	kx := mPerDegLon * math.Cos(p[1]*math.Pi/180)
	best := math.Inf(1)
	for i := 1; i < len(line); i++ {
		ax, ay := (line[i-1][0]-p[0])*kx, (line[i-1][1]-p[1])*mPerDegLat
		bx, by := (line[i][0]-p[0])*kx, (line[i][1]-p[1])*mPerDegLat
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		best = math.Min(best, math.Hypot(ax+t*dx, ay+t*dy))
	}
	return best
}

// area is an areal zone's geometry with its bounding box, for fast
// point-in-zone tests.
type area struct {
	bound orb.Bound
	geom  orb.Geometry // orb.Polygon or orb.MultiPolygon
}

func (a area) contains(p orb.Point) bool {
	if !a.bound.Contains(p) {
		return false
	}
	switch g := a.geom.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

func insideAny(areas []area, p orb.Point) bool {
	for _, a := range areas {
		if a.contains(p) {
			return true
		}
	}
	return false
}
