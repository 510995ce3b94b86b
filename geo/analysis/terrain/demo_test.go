package terrain_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// demoDEM builds the demo DEM once for the tests and benchmarks here.
var demoDEM = sync.OnceValue(demo.DEM)

// coreCounties returns 一城三区's counties from the demo region: 尧都区,
// 洪洞县 and 襄汾县.
func coreCounties(t testing.TB) []*geo.Zone {
	t.Helper()
	_, zones := demo.Region()
	var out []*geo.Zone
	for _, id := range []string{"141002", "141024", "141023"} {
		for _, z := range zones {
			if z.Layer == demo.LayerCounties && z.ID == id {
				out = append(out, z)
			}
		}
	}
	if len(out) != 3 {
		t.Fatalf("found %d of the 3 core counties in the demo region", len(out))
	}
	return out
}

func TestDemoCoreDistrictsBelow600m(t *testing.T) {
	dem := demoDEM()
	clips := coreCounties(t)
	res, err := terrain.BelowLevel(dem, 600, clips, terrain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var countyKM2 float64
	for i, a := range res.Areas {
		checkValid(t, a)
		poly := orb.MultiPolygon{clips[i].Geometry.(orb.Polygon)}
		whole := terrain.AreaKM2(poly)
		countyKM2 += whole
		brute := bruteForceKM2(dem, poly, 600)
		t.Logf("%s %s: %.2f km² below 600 m of %.2f km² (brute force %.2f km², %+.3f %%), %d polygons, %d lines",
			a.ClipID, a.ClipName, a.AreaKM2, whole, brute, 100*(a.AreaKM2-brute)/brute, len(a.Polygons), len(a.Lines))
		if a.AreaKM2 <= 0 || a.AreaKM2 >= whole || len(a.Lines) == 0 {
			t.Errorf("%s: %.2f km² below 600 m of %.2f km², %d lines; want a part of it with a contour line", a.ClipID, a.AreaKM2, whole, len(a.Lines))
		}
		if e := relErr(a.AreaKM2, brute); e > 0.02 {
			t.Errorf("%s: %.3f km², brute-force sample count %.3f km² (error %.2f %%, want < 2 %%)", a.ClipID, a.AreaKM2, brute, 100*e)
		}
	}
	if total := res.TotalKM2(); total <= 0 || total >= countyKM2 {
		t.Errorf("total %.2f km² below 600 m, counties %.2f km²", total, countyKM2)
	}
	centre := orb.Point{111.5186, 36.0880}
	if !planar.MultiPolygonContains(res.Areas[0].Polygons, centre) {
		t.Errorf("the Linfen centre %v is not in 尧都区's area below 600 m", centre)
	}
}

// TestRandomClipsAgainstBruteForce compares BelowLevel with a sample count
// for random star-shaped clip zones and levels over the demo DEM. Set SEED
// to replay a run.
func TestRandomClipsAgainstBruteForce(t *testing.T) {
	seed := uint64(20200415)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	dem := demoDEM()
	for i := range 12 {
		centre := orb.Point{110.6 + 1.8*rng.Float64(), 35.4 + 1.2*rng.Float64()}
		rmax := 0.05 + 0.15*rng.Float64()
		ring := starRing(rng, centre, rmax, 9+rng.IntN(20))
		level := 500 + 900*rng.Float64()
		z := clipZone(strconv.Itoa(i), orb.Polygon{ring})
		res, err := terrain.BelowLevel(dem, level, []*geo.Zone{z}, terrain.Options{})
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		a := res.Areas[0]
		checkValid(t, a)
		brute := bruteForceKM2(dem, orb.MultiPolygon{{ring}}, level)
		whole := terrain.AreaKM2(orb.MultiPolygon{{ring}})
		// Only areas of some size: the edge-cell error is relative to the
		// perimeter, not the area.
		if brute < 0.05*whole {
			if a.AreaKM2 > brute+0.02*whole {
				t.Errorf("case %d (centre %v, level %.0f): %.3f km², brute force %.3f km²", i, centre, level, a.AreaKM2, brute)
			}
			continue
		}
		if e := relErr(a.AreaKM2, brute); e > 0.02 {
			t.Errorf("case %d (centre %v, r %.3f°, level %.0f): %.3f km², brute force %.3f km² (%.2f %%)",
				i, centre, rmax, level, a.AreaKM2, brute, 100*e)
		}
	}
}

// starRing is a random star-shaped ring around centre with n vertices at
// radii in [rmax/3, rmax] degrees, counter-clockwise.
func starRing(rng *rand.Rand, centre orb.Point, rmax float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		rho := rmax * (1 + 2*rng.Float64()) / 3
		r = append(r, orb.Point{centre[0] + rho*math.Cos(a), centre[1] + rho*math.Sin(a)})
	}
	return append(r, r[0])
}

func BenchmarkBelowLevelDemoCoreDistricts(b *testing.B) {
	dem := demoDEM()
	clips := coreCounties(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := terrain.BelowLevel(dem, 600, clips, terrain.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
