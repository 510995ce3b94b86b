package kiln_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/kiln"
)

func tanDeg(d float64) float64 { return math.Tan(d * math.Pi / 180) }

// dms converts degrees, minutes, seconds to degrees.
func dms(d, m, s float64) float64 { return math.Copysign(math.Abs(d)+m/60+s/3600, d) }

func TestGeodesicReference(t *testing.T) {
	cases := []struct {
		name    string
		a, b    orb.Point
		metres  float64
		azimuth float64
	}{
		// Vincenty (1975)'s own example on GRS80: Flinders Peak to
		// Buninyong, 54,972.271 m, forward azimuth 306°52′05.37″.
		{"Flinders Peak–Buninyong",
			orb.Point{dms(144, 25, 29.52440), -dms(37, 57, 3.72030)},
			orb.Point{dms(143, 55, 35.38390), -dms(37, 39, 10.15610)},
			54972.271, dms(306, 52, 5.37)},
		// Along the equator the geodesic is the equator: a·Δλ.
		{"equator 1°", orb.Point{111, 0}, orb.Point{112, 0}, 6378137 * math.Pi / 180, 90},
		{"same point", orb.Point{111.5, 36}, orb.Point{111.5, 36}, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, az := kiln.Geodesic(tc.a, tc.b)
			if math.Abs(d-tc.metres) > 0.001 {
				t.Errorf("distance %.4f m, want %.4f", d, tc.metres)
			}
			if math.Abs(az-tc.azimuth) > 0.5/3600 {
				t.Errorf("azimuth %.6f°, want %.6f°", az, tc.azimuth)
			}
		})
	}
}

// TestGeodesicMeridian checks a meridian arc against the series for the
// meridian distance (Helmert), exact to well under a millimetre.
func TestGeodesicMeridian(t *testing.T) {
	const a, f = 6378137.0, 1 / 298.257222101
	n := f / (2 - f)
	arc := func(phi float64) float64 {
		p := phi * math.Pi / 180
		return a / (1 + n) * ((1+n*n/4+n*n*n*n/64)*p - (3*n/2-3*n*n*n/16)*math.Sin(2*p) +
			(15*n*n/16-15*n*n*n*n/64)*math.Sin(4*p) - 35*n*n*n/48*math.Sin(6*p) + 315*n*n*n*n/512*math.Sin(8*p))
	}
	d, az := kiln.Geodesic(orb.Point{111.5, 35.5}, orb.Point{111.5, 36.5})
	if want := arc(36.5) - arc(35.5); math.Abs(d-want) > 0.001 || az != 0 {
		t.Errorf("meridian arc %.4f m az %g, want %.4f m az 0", d, az, want)
	}
}
