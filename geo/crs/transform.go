package crs

import (
	"math"

	"github.com/paulmach/orb"
)

// Parameters of the GCJ-02 offset. The offset is defined on the Krasovsky
// 1940 ellipsoid (semi-major axis krasovskyA, first eccentricity squared
// krasovskyE2); the shape functions below are in "metre-like" units that
// the ellipsoid's radii of curvature turn into degrees.
const (
	krasovskyA  = 6378245.0
	krasovskyE2 = 0.00669342162296594323
)

// Iteration limits for the inverses. Each step of the fixed-point iteration
// shrinks the error by a factor of about 300 (the offset varies slowly), and
// the step taken after a residual below inverseTolerance leaves an error
// about that much smaller again (≈ 1e-11°, micrometres). Four forward
// evaluations are typical; maxInverseSteps is a guard.
const (
	inverseTolerance = 1e-9 // degrees of residual, about 0.1 mm
	maxInverseSteps  = 12
)

// gcjOffset returns the GCJ-02 offset (dLon, dLat) in degrees at the WGS84
// point p. The formula is the one reproduced by every open implementation;
// only its arrangement here is ours.
func gcjOffset(p orb.Point) (dLon, dLat float64) {
	x, y := p[0]-105.0, p[1]-35.0
	// sin(3a) = sin a · (3 − 4 sin²a) gives sin(6πx), sin(πx) and sin(πy)
	// from sin(2πx), sin(πx/3) and sin(πy/3): three fewer trig calls.
	s2x := math.Sin(2 * x * math.Pi)
	sx3 := math.Sin(x / 3 * math.Pi)
	sy3 := math.Sin(y / 3 * math.Pi)
	s6x := s2x * (3 - 4*s2x*s2x)
	sx := sx3 * (3 - 4*sx3*sx3)
	sy := sy3 * (3 - 4*sy3*sy3)
	common := (20*s6x + 20*s2x) * 2 / 3
	sLon := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x)) + common +
		(20*sx+40*sx3)*2/3 +
		(150*math.Sin(x/12*math.Pi)+300*math.Sin(x/30*math.Pi))*2/3
	sLat := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x)) + common +
		(20*sy+40*sy3)*2/3 +
		(160*math.Sin(y/12*math.Pi)+320*math.Sin(y/30*math.Pi))*2/3

	sinPhi, cosPhi := math.Sincos(p[1] * math.Pi / 180)
	w := 1 - krasovskyE2*sinPhi*sinPhi
	sqrtW := math.Sqrt(w)
	meridional := krasovskyA * (1 - krasovskyE2) / (w * sqrtW) // radius M
	parallel := krasovskyA / sqrtW * cosPhi                    // N·cos φ
	dLat = sLat * 180 / (meridional * math.Pi)
	dLon = sLon * 180 / (parallel * math.Pi)
	return dLon, dLat
}

// wgsToGCJ applies the GCJ-02 offset without the bounding-box test.
func wgsToGCJ(p orb.Point) orb.Point {
	dLon, dLat := gcjOffset(p)
	return orb.Point{p[0] + dLon, p[1] + dLat}
}

// gcjToWGS inverts wgsToGCJ by fixed-point iteration: w ← w − (F(w) − g).
func gcjToWGS(g orb.Point) orb.Point {
	return invert(g, wgsToGCJ)
}

// x_pi of the BD-09 formula: π·3000/180.
const bdXPi = math.Pi * 3000.0 / 180.0

// Baidu's constant shift in degrees.
const (
	bdShiftLon = 0.0065
	bdShiftLat = 0.006
)

// gcjToBD applies Baidu's transform: a tiny position-dependent scaling and
// rotation of the GCJ-02 vector from (0°, 0°), then a constant shift.
func gcjToBD(g orb.Point) orb.Point {
	x, y := g[0], g[1]
	r := math.Hypot(x, y) + 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) + 0.000003*math.Cos(x*bdXPi)
	return orb.Point{r*math.Cos(theta) + bdShiftLon, r*math.Sin(theta) + bdShiftLat}
}

// bdToGCJ inverts gcjToBD iteratively. The widely used closed-form
// "inverse" evaluates the perturbation at the wrong point and is off by up
// to about a metre; the iteration removes that error.
func bdToGCJ(b orb.Point) orb.Point {
	return invert(b, gcjToBD)
}

// invert solves f(w) = target for w, where f is the identity plus a small,
// slowly varying offset, starting from w = target. NaN input stops the loop
// at once and is returned as NaN.
func invert(target orb.Point, f func(orb.Point) orb.Point) orb.Point {
	w := target
	for range maxInverseSteps {
		got := f(w)
		dx, dy := got[0]-target[0], got[1]-target[1]
		w[0] -= dx
		w[1] -= dy
		if !(math.Abs(dx) > inverseTolerance || math.Abs(dy) > inverseTolerance) {
			break
		}
	}
	return w
}
