package repair

import (
	"math"

	"github.com/paulmach/orb"
)

// authalicRadius is the radius of the sphere with the WGS84 ellipsoid's
// surface area, in metres: areas on it are within about 0.3 % of the
// ellipsoidal ones at mid latitudes, and the same method is used before and
// after, so the comparison is exact in kind.
const authalicRadius = 6371007.181

// ringAreaKm2 is the signed spherical area of a ring (closed or not),
// positive counter-clockwise, by the line integral
// A = R²/2 · Σ (λ₂ − λ₁)(2 + sin φ₁ + sin φ₂).
func ringAreaKm2(r orb.Ring) float64 {
	n := len(r)
	if n < 3 {
		return 0
	}
	sum := 0.0
	for i := 0; i < n; i++ {
		a, b := r[i], r[(i+1)%n]
		sum += (b[0] - a[0]) * math.Pi / 180 * (2 + math.Sin(a[1]*math.Pi/180) + math.Sin(b[1]*math.Pi/180))
	}
	return sum * authalicRadius * authalicRadius / 2 / 1e6
}

// asGivenAreaKm2 is Σ over polygons of |shell| − Σ|holes|, rings taken as
// given (an unclosed ring is closed implicitly).
func asGivenAreaKm2(polys []orb.Polygon) float64 {
	sum := 0.0
	for _, p := range polys {
		for i, r := range p {
			a := math.Abs(ringAreaKm2(r))
			if i > 0 {
				a = -a
			}
			sum += a
		}
	}
	return sum
}

// geodesicAreaKm2 is the area of valid polygons.
func geodesicAreaKm2(polys []orb.Polygon) float64 { return asGivenAreaKm2(polys) }
