package crs_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// dms converts degrees, minutes, seconds to degrees.
func dms(d, m, s float64) float64 { return math.Copysign(math.Abs(d)+m/60+s/3600, d) }

func TestGeodesicInverseReferenceValues(t *testing.T) {
	tests := []struct {
		name   string
		a, b   orb.Point
		wantM  float64
		wantAz float64 // NaN: not checked
		tolM   float64
	}{
		// Vincenty (1975) / Geoscience Australia's worked example on GRS80;
		// WGS84's flattening changes it by less than 0.1 mm.
		{"Flinders Peak to Buninyong",
			orb.Point{dms(144, 25, 29.52440), dms(-37, 57, 3.72030)}, orb.Point{dms(143, 55, 35.38390), dms(-37, 39, 10.15610)},
			54972.271, dms(306, 52, 5.37), 0.001},
		{"one degree along the equator", orb.Point{0, 0}, orb.Point{1, 0}, 111319.490793, 90, 1e-6},
		{"coincident", orb.Point{111.5, 36}, orb.Point{111.5, 36}, 0, 0, 0},
		// The meridian arc over 0.1° at 36.05°N is M·Δφ with
		// M = a(1−e²)/(1−e²sin²φ)^1.5 ≈ 6,357,532 m.
		{"due south along a meridian", orb.Point{111.5, 36.1}, orb.Point{111.5, 36}, 11095.99, 180, 0.05},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, az := crs.GeodesicInverse(tc.a, tc.b)
			if math.Abs(d-tc.wantM) > tc.tolM {
				t.Errorf("distance %.6f m, want %.6f ± %g", d, tc.wantM, tc.tolM)
			}
			if math.Abs(az-tc.wantAz) > 1e-4 {
				t.Errorf("azimuth %.6f°, want %.6f°", az, tc.wantAz)
			}
		})
	}
}

func TestGeodesicDestinationRoundTrip(t *testing.T) {
	start := orb.Point{111.5186, 36.0880}
	for _, az := range []float64{0, 30, 90, 135, 180, 225, 270, 333} {
		for _, s := range []float64{0.01, 50, 2000, 150000} {
			p := crs.GeodesicDestination(start, az, s)
			d, gotAz := crs.GeodesicInverse(start, p)
			if math.Abs(d-s) > 1e-5 {
				t.Errorf("az %v s %v: distance back %.9f", az, s, d)
			}
			if diff := math.Abs(math.Remainder(gotAz-az, 360)); s >= 50 && diff > 1e-6 {
				t.Errorf("az %v s %v: azimuth back %.9f", az, s, gotAz)
			}
		}
	}
}

func TestGeodesicInverseNearAntipodalFallsBack(t *testing.T) {
	d := crs.GeodesicDistance(orb.Point{0, 0}, orb.Point{179.7, 0.0})
	if !(d > 19_900_000 && d < 20_020_000) {
		t.Errorf("near-antipodal distance %v", d)
	}
}

// TestGeodesicMeridian checks a meridian arc against the series for the
// meridian distance (Helmert), exact to well under a millimetre.
func TestGeodesicMeridian(t *testing.T) {
	const a, f = crs.SemiMajorAxis, 1 / crs.WGS84InverseF
	n := f / (2 - f)
	arc := func(phi float64) float64 {
		p := phi * math.Pi / 180
		return a / (1 + n) * ((1+n*n/4+n*n*n*n/64)*p - (3*n/2-3*n*n*n/16)*math.Sin(2*p) +
			(15*n*n/16-15*n*n*n*n/64)*math.Sin(4*p) - 35*n*n*n/48*math.Sin(6*p) + 315*n*n*n*n/512*math.Sin(8*p))
	}
	d, az := crs.GeodesicInverse(orb.Point{111.5, 35.5}, orb.Point{111.5, 36.5})
	if want := arc(36.5) - arc(35.5); math.Abs(d-want) > 0.001 || az != 0 {
		t.Errorf("meridian arc %.4f m az %g, want %.4f m az 0", d, az, want)
	}
}
