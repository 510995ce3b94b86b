package crs

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid for geodesic distances (CGCS2000's flattening differs in
// the ninth digit: well under a millimetre at regional distances).
const (
	ellipsoidA = SemiMajorAxis
	ellipsoidF = 1 / WGS84InverseF
	ellipsoidB = ellipsoidA * (1 - ellipsoidF)

	vincentyMaxIter = 200
	vincentyEps     = 1e-12 // radians of λ or σ; ≈ 0.006 mm
	meanRadiusM     = 6371008.8

	deg = degToRad
)

// GeodesicDistance returns the geodesic distance in metres between a and b (lon,
// lat in degrees) on the WGS84 ellipsoid, by Vincenty's inverse formula
// (accurate to well under a millimetre). For nearly antipodal points, where
// the iteration does not converge, it returns the great-circle distance on
// the mean sphere instead. Non-finite input gives NaN.
func GeodesicDistance(a, b orb.Point) float64 {
	d, _ := GeodesicInverse(a, b)
	return d
}

// GeodesicInverse returns the geodesic distance in metres from a to b (as
// GeodesicDistance) and the azimuth in degrees clockwise from north at which the
// geodesic leaves a. Coincident points have azimuth 0; where Vincenty's
// iteration fails (nearly antipodal points) the azimuth is NaN.
func GeodesicInverse(a, b orb.Point) (distM, azimuthDeg float64) {
	if a == b {
		return 0, 0
	}
	L := (b[0] - a[0]) * deg
	u1 := math.Atan((1 - ellipsoidF) * math.Tan(a[1]*deg))
	u2 := math.Atan((1 - ellipsoidF) * math.Tan(b[1]*deg))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM, sinL, cosL float64
	converged := false
	for range vincentyMaxIter {
		sinL, cosL = math.Sincos(lambda)
		t1 := cosU2 * sinL
		t2 := cosU1*sinU2 - sinU1*cosU2*cosL
		sinSigma = math.Sqrt(t1*t1 + t2*t2)
		if sinSigma == 0 {
			return 0, 0 // coincident
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0 // both points on the equator
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		c := ellipsoidF / 16 * cos2Alpha * (4 + ellipsoidF*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-c)*ellipsoidF*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < vincentyEps {
			converged = true
			break
		}
	}
	if !converged || math.IsNaN(lambda) {
		return greatCircleM(a, b), math.NaN()
	}
	uu := cos2Alpha * (ellipsoidA*ellipsoidA - ellipsoidB*ellipsoidB) / (ellipsoidB * ellipsoidB)
	bigA, bigB := vincentyAB(uu)
	dSigma := bigB * sinSigma * (cos2SigmaM + bigB/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		bigB/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	az := math.Atan2(cosU2*sinL, cosU1*sinU2-sinU1*cosU2*cosL) / deg
	if az < 0 {
		az += 360
	}
	return ellipsoidB * bigA * (sigma - dSigma), az
}

// vincentyAB returns Vincenty's series coefficients A and B for u².
func vincentyAB(uu float64) (float64, float64) {
	a := 1 + uu/16384*(4096+uu*(-768+uu*(320-175*uu)))
	b := uu / 1024 * (256 + uu*(-128+uu*(74-47*uu)))
	return a, b
}

// GeodesicDestination returns the point reached from p by following the geodesic
// that starts at azimuth azimuthDeg (degrees clockwise from north) for
// distM metres on the WGS84 ellipsoid (Vincenty's direct formula). The
// longitude is not normalised.
func GeodesicDestination(p orb.Point, azimuthDeg, distM float64) orb.Point {
	sinA1, cosA1 := math.Sincos(azimuthDeg * deg)
	tanU1 := (1 - ellipsoidF) * math.Tan(p[1]*deg)
	cosU1 := 1 / math.Sqrt(1+tanU1*tanU1)
	sinU1 := tanU1 * cosU1
	sigma1 := math.Atan2(tanU1, cosA1)
	sinAlpha := cosU1 * sinA1
	cos2Alpha := 1 - sinAlpha*sinAlpha
	uu := cos2Alpha * (ellipsoidA*ellipsoidA - ellipsoidB*ellipsoidB) / (ellipsoidB * ellipsoidB)
	bigA, bigB := vincentyAB(uu)
	sigma := distM / (ellipsoidB * bigA)
	var sinSigma, cosSigma, cos2SigmaM float64
	for range vincentyMaxIter {
		cos2SigmaM = math.Cos(2*sigma1 + sigma)
		sinSigma, cosSigma = math.Sincos(sigma)
		dSigma := bigB * sinSigma * (cos2SigmaM + bigB/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
			bigB/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
		next := distM/(ellipsoidB*bigA) + dSigma
		done := math.Abs(next-sigma) < vincentyEps
		sigma = next
		if done {
			break
		}
	}
	cos2SigmaM = math.Cos(2*sigma1 + sigma)
	sinSigma, cosSigma = math.Sincos(sigma)
	tmp := sinU1*sinSigma - cosU1*cosSigma*cosA1
	lat := math.Atan2(sinU1*cosSigma+cosU1*sinSigma*cosA1, (1-ellipsoidF)*math.Sqrt(sinAlpha*sinAlpha+tmp*tmp))
	lambda := math.Atan2(sinSigma*sinA1, cosU1*cosSigma-sinU1*sinSigma*cosA1)
	c := ellipsoidF / 16 * cos2Alpha * (4 + ellipsoidF*(4-3*cos2Alpha))
	L := lambda - (1-c)*ellipsoidF*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
	return orb.Point{p[0] + L/deg, lat / deg}
}

// greatCircleM is the haversine distance on the mean sphere.
func greatCircleM(a, b orb.Point) float64 {
	dLat := (b[1] - a[1]) * deg
	dLon := (b[0] - a[0]) * deg
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a[1]*deg)*math.Cos(b[1]*deg)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * meanRadiusM * math.Asin(math.Min(1, math.Sqrt(h)))
}
