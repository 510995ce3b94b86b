package crs

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Ellipsoid constants. CGCS2000 uses the GRS80 ellipsoid (a = 6378137 m,
// 1/f = 298.257222101); WGS84's flattening differs in the ninth
// significant digit, a few tenths of a millimetre on projected coordinates.
const (
	SemiMajorAxis    = 6378137.0     // a in metres, for CGCS2000, GRS80 and WGS84
	CGCS2000InverseF = 298.257222101 // 1/f of CGCS2000 (= GRS80)
	WGS84InverseF    = 298.257223563 // 1/f of WGS84
)

// Gauss–Krüger conventions (GB/T 20257, EPSG:4513–4533 and 4534–4554).
const (
	GaussKrugerEasting = 500000.0 // false easting of every zone, metres
	zonePrefix         = 1e6      // easting prefix per zone number
	zoneWidth3         = 3.0      // degrees per 3° zone
	maxZone3           = 60       // 3° zones 1…60: central meridians 3°…180°
)

// Limits of the inverse's Newton iteration for latitude.
const (
	maxTMIterations = 8
	tmTauTolerance  = 1e-14 // relative change of tan φ; ≈ 1e-7 mm
)

// Angle conversions.
const (
	degToRad = math.Pi / 180
	radToDeg = 180 / math.Pi
)

// TMParams defines a transverse Mercator projection.
type TMParams struct {
	Lon0          float64 // central meridian, degrees
	K0            float64 // scale factor on the central meridian (1 for Gauss–Krüger, 0.9996 for UTM)
	FalseEasting  float64 // metres added to x
	FalseNorthing float64 // metres added to y
	A             float64 // semi-major axis, metres
	InverseF      float64 // inverse flattening 1/f
}

// TM is a transverse Mercator (Gauss–Krüger) projection between
// longitude/latitude in degrees (orb.Point X = lon, Y = lat) and
// easting/northing in metres (X = easting, Y = northing).
//
// It evaluates Krüger's series to sixth order in the third flattening n, as
// given by C. F. F. Karney, "Transverse Mercator with an accuracy of a few
// nanometres", J. Geodesy 85 (2011) 475–485, eqs. (7)–(12), (35)–(36): the
// truncation error is below 1 mm within several thousand kilometres of the
// central meridian, far beyond a 3° zone. The zero value is not usable;
// build one with NewTM, TransverseMercator or GaussKruger3.
type TM struct {
	p     TMParams
	e     float64    // first eccentricity
	scale float64    // k0 · A, A the rectifying radius
	alpha [6]float64 // forward series coefficients
	beta  [6]float64 // inverse series coefficients
}

// NewTM checks p and precomputes the series. The central meridian must lie
// in [−180, 180], K0 in (0.001, 10], A positive and InverseF above 1.
func NewTM(p TMParams) (TM, error) {
	if !(p.Lon0 >= -180 && p.Lon0 <= 180) || !(p.K0 > 0.001 && p.K0 <= 10) ||
		!(p.A > 0) || !(p.InverseF > 1) || math.IsInf(p.A, 0) || math.IsInf(p.InverseF, 0) ||
		math.IsNaN(p.FalseEasting+p.FalseNorthing) || math.IsInf(p.FalseEasting+p.FalseNorthing, 0) {
		return TM{}, fmt.Errorf("crs: invalid transverse Mercator parameters %+v", p)
	}
	f := 1 / p.InverseF
	n := f / (2 - f)
	n2 := n * n
	n3, n4, n5, n6 := n2*n, n2*n2, n2*n2*n, n2*n2*n2
	t := TM{p: p, e: math.Sqrt(f * (2 - f))}
	t.scale = p.K0 * p.A / (1 + n) * (1 + n2/4 + n4/64 + n6/256)
	t.alpha = [6]float64{
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	t.beta = [6]float64{
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	return t, nil
}

// TransverseMercator returns the Gauss–Krüger projection with central
// meridian lon0 (degrees) on the CGCS2000 ellipsoid: scale 1 on the
// central meridian, false easting 500 km, false northing 0, no zone prefix.
// For lon0 = 111 it is EPSG:4546, "CGCS2000 / 3-degree Gauss-Kruger CM
// 111E", the zone covering Linfen. lon0 outside [−180, 180] yields a
// projection whose results are NaN.
func TransverseMercator(lon0 float64) TM {
	t, err := NewTM(TMParams{Lon0: lon0, K0: 1, FalseEasting: GaussKrugerEasting,
		A: SemiMajorAxis, InverseF: CGCS2000InverseF})
	if err != nil {
		nan := math.NaN()
		return TM{p: TMParams{Lon0: nan}, scale: nan, e: nan}
	}
	return t
}

// GaussKruger3 returns CGCS2000 3° Gauss–Krüger zone zone (1…60): central
// meridian 3·zone degrees and the zone number prefixed to the easting
// (false easting zone·10⁶ + 500,000 m), as EPSG:4513–4533 (zone 37, Linfen,
// is EPSG:4525).
func GaussKruger3(zone int) (TM, error) {
	if zone < 1 || zone > maxZone3 {
		return TM{}, fmt.Errorf("crs: 3° Gauss–Krüger zone %d out of range 1…%d", zone, maxZone3)
	}
	return NewTM(TMParams{Lon0: zoneWidth3 * float64(zone), K0: 1,
		FalseEasting: float64(zone)*zonePrefix + GaussKrugerEasting,
		A:            SemiMajorAxis, InverseF: CGCS2000InverseF})
}

// Zone3 returns the 3° Gauss–Krüger zone whose central meridian is nearest
// to lon (degrees east, 1.5 < lon ≤ 181.5 maps to 1…60): round(lon/3).
// Linfen (111.5°E) is zone 37.
func Zone3(lon float64) int {
	return int(math.Round(lon / zoneWidth3))
}

// Params returns the projection's parameters.
func (t TM) Params() TMParams { return t.p }

// Forward projects p (lon, lat in degrees) to (easting, northing) in
// metres. Points more than about 90° of longitude from the central
// meridian are meaningless; NaN in, NaN out.
func (t TM) Forward(p orb.Point) orb.Point {
	lam := (p[0] - t.p.Lon0) * degToRad
	lam = math.Remainder(lam, 2*math.Pi)
	phi := p[1] * degToRad
	tau := math.Tan(phi)
	taup := t.conformalTau(tau)
	sinLam, cosLam := math.Sincos(lam)
	xip := math.Atan2(taup, cosLam)
	etap := math.Asinh(sinLam / math.Hypot(taup, cosLam))
	xi, eta := xip, etap
	for j, a := range t.alpha {
		k := 2 * float64(j+1)
		s, c := math.Sincos(k * xip)
		xi += a * s * math.Cosh(k*etap)
		eta += a * c * math.Sinh(k*etap)
	}
	return orb.Point{t.scale*eta + t.p.FalseEasting, t.scale*xi + t.p.FalseNorthing}
}

// Inverse maps (easting, northing) in metres back to (lon, lat) in
// degrees. Within ±3° of the central meridian a Forward/Inverse round
// trip is exact to well under a millimetre.
func (t TM) Inverse(p orb.Point) orb.Point {
	xi := (p[1] - t.p.FalseNorthing) / t.scale
	eta := (p[0] - t.p.FalseEasting) / t.scale
	xip, etap := xi, eta
	for j, b := range t.beta {
		k := 2 * float64(j+1)
		s, c := math.Sincos(k * xi)
		xip -= b * s * math.Cosh(k*eta)
		etap -= b * c * math.Sinh(k*eta)
	}
	sinhEta := math.Sinh(etap)
	sinXi, cosXi := math.Sincos(xip)
	taup := sinXi / math.Hypot(sinhEta, cosXi)
	lam := math.Atan2(sinhEta, cosXi)
	tau := t.tauFromConformal(taup)
	return orb.Point{t.p.Lon0 + lam*radToDeg, math.Atan(tau) * radToDeg}
}

// conformalTau returns tan χ, χ the conformal latitude, from tan φ
// (Karney 2011, eqs. 7–9).
func (t TM) conformalTau(tau float64) float64 {
	tau1 := math.Hypot(1, tau)
	sig := math.Sinh(t.e * math.Atanh(t.e*tau/tau1))
	return tau*math.Hypot(1, sig) - sig*tau1
}

// tauFromConformal inverts conformalTau by Newton's method (Karney 2011,
// eqs. 19–21); it converges in two or three steps.
func (t TM) tauFromConformal(taup float64) float64 {
	e2 := t.e * t.e
	tau := taup / (1 - e2)
	for range maxTMIterations {
		tp := t.conformalTau(tau)
		tau1 := math.Hypot(1, tau)
		d := (taup - tp) / math.Hypot(1, tp) * (1 + (1-e2)*tau*tau) / ((1 - e2) * tau1)
		tau += d
		if !(math.Abs(d) > tmTauTolerance*math.Max(1, math.Abs(tau))) {
			break
		}
	}
	return tau
}
