package kiln

import (
	"math"

	"github.com/paulmach/orb"
)

// GRS80 (= CGCS2000) ellipsoid; WGS84 differs in the ninth digit of 1/f.
const (
	grsA = 6378137.0
	grsF = 1 / 298.257222101
	grsB = grsA * (1 - grsF)
)

// Limits of Vincenty's iteration on λ.
const (
	vincentyMaxIter = 200
	vincentyTol     = 1e-12 // radians, ≈ 0.006 mm
)

// Geodesic returns the length in metres of the geodesic between a and b
// (lon, lat in degrees) on the GRS80 ellipsoid and its initial azimuth at
// a in degrees clockwise from true north in [0, 360), by Vincenty's
// inverse formula (Survey Review 23, 1975): accurate to a fraction of a
// millimetre. For nearly antipodal points, where the iteration may not
// converge, the last iterate is returned; zonegate only measures within a
// region. Equal points give (0, 0).
func Geodesic(a, b orb.Point) (metres, azimuthDeg float64) {
	const d2r = math.Pi / 180
	L := (b[0] - a[0]) * d2r
	U1 := math.Atan((1 - grsF) * math.Tan(a[1]*d2r))
	U2 := math.Atan((1 - grsF) * math.Tan(b[1]*d2r))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM, sinLambda, cosLambda float64
	for range vincentyMaxIter {
		sinLambda, cosLambda = math.Sincos(lambda)
		sinSigma = math.Hypot(cosU2*sinLambda, cosU1*sinU2-sinU1*cosU2*cosLambda)
		if sinSigma == 0 {
			return 0, 0
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosLambda
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinLambda / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 { // both points on the equator otherwise
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		C := grsF / 16 * cos2Alpha * (4 + grsF*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*grsF*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < vincentyTol {
			break
		}
	}
	u2 := cos2Alpha * (grsA*grsA - grsB*grsB) / (grsB * grsB)
	A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	deltaSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	metres = grsB * A * (sigma - deltaSigma)
	az := math.Atan2(cosU2*sinLambda, cosU1*sinU2-sinU1*cosU2*cosLambda) / d2r
	if az < 0 {
		az += 360
	}
	return metres, az
}
