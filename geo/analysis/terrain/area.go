package terrain

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// AreaKM2 returns the area of mp, given in lon/lat degrees (WGS84 or
// CGCS2000), in square kilometres: every ring is projected to the CGCS2000
// 3° Gauss–Krüger zone whose central meridian is nearest to the centre of
// mp's bound, and the planar areas of shells less those of their holes are
// summed. Ring orientation does not matter. Within a 3° zone the
// projection's scale error changes areas by less than 0.05 %. An empty
// multipolygon has area 0.
func AreaKM2(mp orb.MultiPolygon) float64 {
	if len(mp) == 0 {
		return 0
	}
	tm := projectionFor(mp.Bound().Center()[0])
	var m2 float64
	for _, poly := range mp {
		for i, ring := range poly {
			a := math.Abs(projectedArea(tm, ring))
			if i == 0 {
				m2 += a
			} else {
				m2 -= a
			}
		}
	}
	return m2 / 1e6
}

// projectionFor returns the 3° Gauss–Krüger projection for longitude lon,
// falling back to a transverse Mercator on the nearest 3° meridian outside
// the zones 1…60 (the western hemisphere).
func projectionFor(lon float64) crs.TM {
	if tm, err := crs.GaussKruger3(crs.Zone3(lon)); err == nil {
		return tm
	}
	return crs.TransverseMercator(3 * math.Round(lon/3))
}

// projectedArea is the signed shoelace area in m² of ring after
// projection, positive when counter-clockwise. Coordinates are taken
// relative to the first vertex so that the zone's 37,500 km false easting
// does not cost precision.
func projectedArea(tm crs.TM, ring orb.Ring) float64 {
	if len(ring) < 3 {
		return 0
	}
	o := tm.Forward(ring[0])
	var sum float64
	prev := orb.Point{}
	for _, p := range ring[1:] {
		q := tm.Forward(p)
		q = orb.Point{q[0] - o[0], q[1] - o[1]}
		sum += prev[0]*q[1] - q[0]*prev[1]
		prev = q
	}
	// The closing edge back to the origin contributes prev×0 = 0.
	return sum / 2
}
