package terrain_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/raster"
)

// GRS80, the CGCS2000 ellipsoid.
const (
	grsA = 6378137.0
	grsF = 1 / 298.257222101
)

// quadrangleKM2 is the exact ellipsoidal area of the lon/lat rectangle
// [lon1, lon2]×[lat1, lat2] (authalic-latitude formula), independent of
// any projection.
func quadrangleKM2(lon1, lat1, lon2, lat2 float64) float64 {
	e2 := grsF * (2 - grsF)
	e := math.Sqrt(e2)
	b := grsA * (1 - grsF)
	q := func(lat float64) float64 {
		s := math.Sin(lat * math.Pi / 180)
		return s/(1-e2*s*s) + math.Log((1+e*s)/(1-e*s))/(2*e)
	}
	return b * b * (lon2 - lon1) * math.Pi / 180 / 2 * (q(lat2) - q(lat1)) / 1e6
}

// rect returns the lon/lat rectangle as a counter-clockwise ring with n
// points per side, so that its edges follow the graticule.
func rect(lon1, lat1, lon2, lat2 float64, n int) orb.Ring {
	var r orb.Ring
	side := func(a, b orb.Point) {
		for i := range n {
			t := float64(i) / float64(n)
			r = append(r, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
		}
	}
	side(orb.Point{lon1, lat1}, orb.Point{lon2, lat1})
	side(orb.Point{lon2, lat1}, orb.Point{lon2, lat2})
	side(orb.Point{lon2, lat2}, orb.Point{lon1, lat2})
	side(orb.Point{lon1, lat2}, orb.Point{lon1, lat1})
	return append(r, r[0])
}

// gridOf returns a 3″ geographic grid over [lon1, lon2]×[lat1, lat2]
// (which must be whole multiples of 3″) with z(lon, lat) at every sample.
func gridOf(t testing.TB, lon1, lat1, lon2, lat2 float64, z func(p orb.Point) float64) *raster.Grid {
	t.Helper()
	const n = 1200
	w := int(math.Round((lon2-lon1)*n)) + 1
	h := int(math.Round((lat2-lat1)*n)) + 1
	g, err := raster.NewGrid(w, h, lon1, lat2, 1.0/n, 1.0/n)
	if err != nil {
		t.Fatal(err)
	}
	g.EPSG = raster.EPSGWGS84
	for r := range h {
		for c := range w {
			g.Data[r*w+c] = float32(z(g.Point(c, r)))
		}
	}
	return g
}

// gkCircle is a circle of radius m metres around centre, drawn in Gauss–
// Krüger zone 37 with n vertices and mapped back to lon/lat.
func gkCircle(t testing.TB, centre orb.Point, m float64, n int) orb.Ring {
	t.Helper()
	tm, err := crs.GaussKruger3(37)
	if err != nil {
		t.Fatal(err)
	}
	c := tm.Forward(centre)
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, tm.Inverse(orb.Point{c[0] + m*math.Cos(a), c[1] + m*math.Sin(a)}))
	}
	return append(r, r[0])
}

// bruteForceKM2 counts the DEM samples inside mp that are below level and
// multiplies each by the ellipsoidal area of the 3″ cell around it.
func bruteForceKM2(g *raster.Grid, mp orb.MultiPolygon, level float64) float64 {
	b := mp.Bound()
	c0, r0 := g.Index(b.Min[0], b.Max[1])
	c1, r1 := g.Index(b.Max[0], b.Min[1])
	var km2 float64
	for r := max(0, int(r0)); r <= min(g.Height-1, int(r1)+1); r++ {
		lat := g.Y0 - float64(r)*g.DY
		cell := quadrangleKM2(0, lat-g.DY/2, g.DX, lat+g.DY/2)
		for c := max(0, int(c0)); c <= min(g.Width-1, int(c1)+1); c++ {
			if v := g.Data[r*g.Width+c]; float64(v) < level && planar.MultiPolygonContains(mp, g.Point(c, r)) {
				km2 += cell
			}
		}
	}
	return km2
}

// checkValid asserts that every output geometry passes zone validation.
func checkValid(t *testing.T, a terrain.Area) {
	t.Helper()
	if len(a.Polygons) > 0 {
		if err := geo.ValidateGeometry(a.Polygons, geo.ClassPolygon); err != nil {
			t.Errorf("%s: polygons invalid: %v", a.ClipID, err)
		}
	}
	if len(a.Lines) > 0 {
		if err := geo.ValidateGeometry(a.Lines, geo.ClassLine); err != nil {
			t.Errorf("%s: lines invalid: %v", a.ClipID, err)
		}
	}
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / want }

func TestAreaKM2MatchesEllipsoidalQuadrangle(t *testing.T) {
	tests := []struct {
		name                   string
		lon1, lat1, lon2, lat2 float64
	}{
		{"Linfen half degree", 111.0, 35.5, 111.5, 36.0},
		{"one degree east of the central meridian", 111.5, 36.0, 112.5, 37.0},
		{"small square near Yaodu", 111.5, 36.05, 111.55, 36.1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := quadrangleKM2(tc.lon1, tc.lat1, tc.lon2, tc.lat2)
			shell := rect(tc.lon1, tc.lat1, tc.lon2, tc.lat2, 200)
			got := terrain.AreaKM2(orb.MultiPolygon{{shell}})
			if relErr(got, want) > 5e-4 {
				t.Errorf("AreaKM2 = %.6f km², ellipsoid %.6f km² (rel. error %.2g)", got, want, relErr(got, want))
			}
			shell.Reverse()
			if rev := terrain.AreaKM2(orb.MultiPolygon{{shell}}); relErr(rev, got) > 1e-12 {
				t.Errorf("clockwise ring gives %.9f km², counter-clockwise %.9f", rev, got)
			}
		})
	}
	if got := terrain.AreaKM2(nil); got != 0 {
		t.Errorf("AreaKM2(nil) = %g, want 0", got)
	}
}
