package crs_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// Published reference pairs (numbers only; the code under test is our own).
//
// From github.com/googollee/eviltransform, file go/transform_test.go (the
// same values are in python/test.py): WGS84 → GCJ-02 for Shanghai, Shenzhen
// and Beijing, given there to 14–17 significant digits.
//
// From github.com/wandergis/coordtransform, file README.md ("result"
// block): wgs84togcj02(116.404, 39.915) and gcj02tobd09(116.404, 39.915).
//
// Both libraries evaluate the same closed forward formula on the Krasovsky
// ellipsoid, so the forward results must agree within 1e-9° (0.1 mm); the
// inverse must return to the WGS84 input within the same tolerance.
type refPair struct {
	name     string
	from, to orb.Point // lon, lat
	tolDeg   float64
}

var gcjRefs = []refPair{
	{"eviltransform/shanghai", orb.Point{121.5272106, 31.1774276}, orb.Point{121.531541859215, 31.17530398364597}, 1e-9},
	{"eviltransform/shenzhen", orb.Point{113.912316, 22.543847}, orb.Point{113.9171764808363, 22.540796131694766}, 1e-9},
	{"eviltransform/beijing", orb.Point{116.377817, 39.911954}, orb.Point{116.38404722455657, 39.91334545536069}, 1e-9},
	{"coordtransform/wgs84togcj02", orb.Point{116.404, 39.915}, orb.Point{116.41024449916938, 39.91640428150164}, 1e-9},
}

func closeDeg(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}

func TestGCJ02ReferencePairs(t *testing.T) {
	for _, r := range gcjRefs {
		t.Run(r.name, func(t *testing.T) {
			if got := crs.FromWGS84(r.from, crs.GCJ02); !closeDeg(got, r.to, r.tolDeg) {
				t.Errorf("FromWGS84(%v, gcj02) = %.12f, want %.12f ± %g°", r.from, got, r.to, r.tolDeg)
			}
			// The inverse must land back on the WGS84 reference.
			if got := crs.ToWGS84(r.to, crs.GCJ02); !closeDeg(got, r.from, r.tolDeg) {
				t.Errorf("ToWGS84(%v, gcj02) = %.12f, want %.12f ± %g°", r.to, got, r.from, r.tolDeg)
			}
		})
	}
}

// coordtransform's gcj02tobd09(116.404, 39.915) = (116.41036949371029,
// 39.92133699351021). We expose only WGS84 ⇄ X, so GCJ-02 → BD-09 is
// FromWGS84(ToWGS84(g, GCJ02), BD09); the GCJ-02 inverse is exact to 1e-10°.
func TestBD09ReferencePair(t *testing.T) {
	gcj := orb.Point{116.404, 39.915}
	want := orb.Point{116.41036949371029, 39.92133699351021}
	got := crs.FromWGS84(crs.ToWGS84(gcj, crs.GCJ02), crs.BD09)
	if !closeDeg(got, want, 1e-9) {
		t.Errorf("gcj02→bd09 %v = %.12f, want %.12f", gcj, got, want)
	}
	if back := crs.FromWGS84(crs.ToWGS84(want, crs.BD09), crs.GCJ02); !closeDeg(back, gcj, 1e-9) {
		t.Errorf("bd09→gcj02 %v = %.12f, want %.12f", want, back, gcj)
	}
}

// chinaGrid returns points every 2° of longitude and 1.5° of latitude well
// inside the bounding box (so that the offset never pushes a point out).
func chinaGrid() []orb.Point {
	var pts []orb.Point
	for lon := 74.0; lon <= 135; lon += 2 {
		for lat := 3.0; lat <= 53; lat += 1.5 {
			pts = append(pts, orb.Point{lon, lat})
		}
	}
	return pts
}

func TestRoundTripAcrossChina(t *testing.T) {
	const (
		maxMetres = 0.5  // the requirement
		maxDeg    = 1e-7 // what we actually promise
	)
	for _, c := range []crs.CRS{crs.GCJ02, crs.BD09} {
		t.Run(string(c), func(t *testing.T) {
			worst := 0.0
			for _, w := range chinaGrid() {
				// WGS84 → c → WGS84.
				back := crs.ToWGS84(crs.FromWGS84(w, c), c)
				d := haversine(w, back)
				worst = math.Max(worst, d)
				if d > maxMetres || !closeDeg(w, back, maxDeg) {
					t.Errorf("%v → %s → wgs84 = %.12f, off by %.3g m", w, c, back, d)
				}
				// c → WGS84 → c, treating the grid point as a c coordinate.
				fwd := crs.FromWGS84(crs.ToWGS84(w, c), c)
				if !closeDeg(w, fwd, maxDeg) {
					t.Errorf("%v %s → wgs84 → %s = %.12f", w, c, c, fwd)
				}
			}
			t.Logf("%s: worst round-trip error %.3g m over %d points", c, worst, len(chinaGrid()))
		})
	}
}

// The GCJ-02 offset in Linfen is a few hundred metres, BD-09 adds roughly
// another kilometre; a transform that does nothing or too much fails here.
func TestOffsetMagnitudeLinfen(t *testing.T) {
	linfen := orb.Point{111.5186, 36.0880}
	cases := []struct {
		c        crs.CRS
		min, max float64 // metres
	}{
		{crs.GCJ02, 200, 700},
		{crs.BD09, 700, 1800},
	}
	for _, tc := range cases {
		t.Run(string(tc.c), func(t *testing.T) {
			d := haversine(linfen, crs.FromWGS84(linfen, tc.c))
			if d < tc.min || d > tc.max {
				t.Errorf("offset at Linfen = %.1f m, want %g–%g m", d, tc.min, tc.max)
			}
			t.Logf("%s offset at Linfen: %.1f m", tc.c, d)
		})
	}
}

func BenchmarkToWGS84(b *testing.B) {
	for _, c := range []crs.CRS{crs.WGS84, crs.GCJ02, crs.BD09} {
		b.Run(fmt.Sprintf("crs=%s", c), func(b *testing.B) {
			p := crs.FromWGS84(orb.Point{111.5186, 36.0880}, c)
			b.ReportAllocs()
			var sink orb.Point
			for b.Loop() {
				sink = crs.ToWGS84(p, c)
			}
			_ = sink
		})
	}
}

func BenchmarkFromWGS84(b *testing.B) {
	p := orb.Point{111.5186, 36.0880}
	b.ReportAllocs()
	var sink orb.Point
	for b.Loop() {
		sink = crs.FromWGS84(p, crs.GCJ02)
	}
	_ = sink
}
