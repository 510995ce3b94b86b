package route

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo/crs"
)

// scopeStepM is the sampling step along off-route pieces when the route
// rule covers only some counties; each change of county scope found
// between samples is refined by bisection.
const scopeStepM = 10

// ScopeOffRoute restricts c, the corridor compliance of line, to where
// inScope holds (e.g. inside the counties the rules file lists): the off-route
// length counted there, and the first off-route point there with its
// distance along the route. Pieces are sampled every scopeStepM metres and
// every scope boundary between two samples is bisected to far below a
// millimetre, so only a county sliver narrower than the step can be missed.
// LengthM and Off stay those of the whole route.
func ScopeOffRoute(line orb.LineString, c Compliance, inScope func(orb.Point) bool) Compliance {
	out := Compliance{Compliant: true, LengthM: c.LengthM, Off: c.Off}
	var first *orb.Point
	add := func(a, b orb.Point) { out.OffLengthM += crs.GeodesicDistance(a, b) }
	for _, piece := range c.Off {
		for k := 0; k+1 < len(piece); k++ {
			a, b := piece[k], piece[k+1]
			n := max(1, int(math.Ceil(crs.GeodesicDistance(a, b)/scopeStepM)))
			prev, prevIn := a, inScope(a)
			if prevIn && first == nil {
				first = &orb.Point{a[0], a[1]}
			}
			for s := 1; s <= n; s++ {
				p := lerp(a, b, float64(s)/float64(n))
				in := inScope(p)
				switch {
				case prevIn && in:
					add(prev, p)
				case prevIn != in:
					// lo keeps prev's scope, hi p's: the boundary is between.
					lo, hi := prev, p
					for range 48 {
						mid := lerp(lo, hi, 0.5)
						if inScope(mid) == prevIn {
							lo = mid
						} else {
							hi = mid
						}
					}
					if prevIn {
						add(prev, lo)
					} else {
						add(hi, p)
						if first == nil {
							first = &orb.Point{hi[0], hi[1]}
						}
					}
				}
				prev, prevIn = p, in
			}
		}
	}
	if first != nil && out.OffLengthM >= MinOffM {
		out.Compliant = false
		out.FirstOff = first
		out.FirstOffAlongM = alongRoute(line, *first)
	} else {
		out.OffLengthM = 0
	}
	return out
}

// lerp returns the point a fraction t of the way from a to b in lon/lat.
func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// alongRoute is the geodesic distance along line from its start to p, a
// point on it: to the first segment p lies on (within about a centimetre),
// else to the nearest one.
func alongRoute(line orb.LineString, p orb.Point) float64 {
	const onSegmentDeg = 1e-7
	best, bestD, cum := 0.0, math.Inf(1), 0.0
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		if d := planar.DistanceFromSegment(a, b, p); d < bestD {
			best, bestD = cum+crs.GeodesicDistance(a, p), d
			if d <= onSegmentDeg {
				break
			}
		}
		cum += crs.GeodesicDistance(a, b)
	}
	return best
}
