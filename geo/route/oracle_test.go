package route_test

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/route"
)

// seed returns the random seed: env SEED, else 20200801. It is logged so a
// failure can be replayed.
func seed(t testing.TB) uint64 {
	s := uint64(20200801)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

// corridorSeg is the oracle's view of one corridor segment.
type corridorSeg struct {
	a, b  orb.Point
	lenM  float64
	azDeg float64
	w     float64
}

// randomNetwork draws lines as random walks of ~2 km steps near Linfen,
// with corridors of 30, 50 or 100 m.
func randomNetwork(rng *rand.Rand, lines int) ([]*geo.Zone, []orb.LineString) {
	var zones []*geo.Zone
	var ls []orb.LineString
	for i := range lines {
		p := orb.Point{111.4 + 0.2*rng.Float64(), 35.95 + 0.2*rng.Float64()}
		heading := 360 * rng.Float64()
		line := orb.LineString{p}
		for range 3 + rng.IntN(6) {
			heading += 60 * (rng.Float64() - 0.5)
			p = crs.GeodesicDestination(p, heading, 300+2200*rng.Float64())
			line = append(line, p)
		}
		w := []float64{30, 50, 100}[rng.IntN(3)]
		zones = append(zones, lineZone("r"+strconv.Itoa(i), w, line))
		ls = append(ls, line)
	}
	return zones, ls
}

// randomTruckRoute follows consecutive vertices of one network line, each
// pushed 0–150 m in a random direction, so it drifts in and out.
func randomTruckRoute(rng *rand.Rand, lines []orb.LineString) orb.LineString {
	l := lines[rng.IntN(len(lines))]
	i := rng.IntN(len(l) - 1)
	k := 2 + rng.IntN(len(l)-i-1)
	var out orb.LineString
	for _, p := range l[i : i+k] {
		out = append(out, crs.GeodesicDestination(p, 360*rng.Float64(), 150*rng.Float64()))
	}
	return out
}

// oracleInside decides by geodesic distances: a rough local-plane distance
// settles clear cases, and within 1 m of the edge a golden-section search
// along the corridor geodesic (Vincenty direct and inverse) gives the
// exact distance.
func oracleInside(q orb.Point, segs []corridorSeg) bool {
	kx := 111320 * math.Cos(q[1]*math.Pi/180)
	const ky = 110950
	for _, s := range segs {
		ax, ay := (s.a[0]-q[0])*kx, (s.a[1]-q[1])*ky
		bx, by := (s.b[0]-q[0])*kx, (s.b[1]-q[1])*ky
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		rough := math.Hypot(ax+t*dx, ay+t*dy)
		if rough < s.w-1 {
			return true
		}
		if rough > s.w+1 {
			continue
		}
		if exactSegDist(q, s) <= s.w {
			return true
		}
	}
	return false
}

func exactSegDist(q orb.Point, s corridorSeg) float64 {
	f := func(x float64) float64 { return crs.GeodesicDistance(q, crs.GeodesicDestination(s.a, s.azDeg, x)) }
	lo, hi := 0.0, s.lenM
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for hi-lo > 1e-4 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = f(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = f(x2)
		}
	}
	return math.Min(math.Min(f1, f2), math.Min(f(0), f(s.lenM)))
}

// oracleCheck samples the route every 0.5 m along each segment's geodesic
// and refines every in/out transition by bisection to 1 mm.
func oracleCheck(r orb.LineString, segs []corridorSeg) (offM float64, firstOff *orb.Point, firstAlong float64) {
	along := 0.0
	for i := 0; i+1 < len(r); i++ {
		lenM, az := crs.GeodesicInverse(r[i], r[i+1])
		at := func(x float64) orb.Point { return crs.GeodesicDestination(r[i], az, x) }
		near := nearSegs(r[i], r[i+1], segs)
		in := func(x float64) bool { return oracleInside(at(x), near) }
		n := int(math.Ceil(lenM / 0.5))
		prevX, prevIn := 0.0, in(0)
		if !prevIn && firstOff == nil {
			p := r[i]
			firstOff, firstAlong = &p, along
		}
		for k := 1; k <= n; k++ {
			x := math.Min(lenM, float64(k)*0.5)
			cur := in(x)
			edge := x
			if cur != prevIn {
				lo, hi := prevX, x
				for hi-lo > 0.001 {
					m := (lo + hi) / 2
					if in(m) == prevIn {
						lo = m
					} else {
						hi = m
					}
				}
				edge = (lo + hi) / 2
				if !cur && firstOff == nil {
					p := at(edge)
					firstOff, firstAlong = &p, along+edge
				}
			}
			switch {
			case !prevIn && !cur:
				offM += x - prevX
			case !prevIn && cur:
				offM += edge - prevX
			case prevIn && !cur:
				offM += x - edge
			}
			prevX, prevIn = x, cur
		}
		along += lenM
	}
	return offM, firstOff, firstAlong
}

// nearSegs keeps the corridor segments within ~1 km of the box of a→b.
func nearSegs(a, b orb.Point, segs []corridorSeg) []corridorSeg {
	box := orb.Bound{Min: a, Max: a}.Extend(b).Pad(0.012)
	var out []corridorSeg
	for _, s := range segs {
		if (orb.Bound{Min: s.a, Max: s.a}).Extend(s.b).Intersects(box) {
			out = append(out, s)
		}
	}
	return out
}

func TestCheckAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 7))
	routes := 40
	if testing.Short() {
		routes = 8
	}
	zones, lines := randomNetwork(rng, 12)
	n := route.NewNetwork(zones, 50)
	var segs []corridorSeg
	for i, l := range lines {
		w := zones[i].Properties["corridor_m"].(float64)
		for k := 0; k+1 < len(l); k++ {
			d, az := crs.GeodesicInverse(l[k], l[k+1])
			segs = append(segs, corridorSeg{a: l[k], b: l[k+1], lenM: d, azDeg: az, w: w})
		}
	}
	var maxOffErr, maxFirstErr float64
	offRoutes := 0
	for i := range routes {
		r := randomTruckRoute(rng, lines)
		got := n.Check(r)
		wantOff, wantFirst, wantAlong := oracleCheck(r, segs)
		if wantOff > 0.5 {
			offRoutes++
		}
		offErr := math.Abs(got.OffLengthM - wantOff)
		maxOffErr = math.Max(maxOffErr, offErr)
		if offErr > 1 {
			t.Errorf("route %d %v: off length %.3f m, oracle %.3f m", i, r, got.OffLengthM, wantOff)
		}
		if wantOff > 0.5 && got.OffLengthM > 0.5 {
			if got.Compliant || got.FirstOff == nil || wantFirst == nil {
				t.Errorf("route %d: compliant %v first %v, oracle first %v", i, got.Compliant, got.FirstOff, wantFirst)
				continue
			}
			d := crs.GeodesicDistance(*got.FirstOff, *wantFirst)
			maxFirstErr = math.Max(maxFirstErr, d)
			if d > 0.5 || math.Abs(got.FirstOffAlongM-wantAlong) > 0.5 {
				t.Errorf("route %d: first off %v at %.3f m, oracle %v at %.3f m (%.3f m apart)",
					i, *got.FirstOff, got.FirstOffAlongM, *wantFirst, wantAlong, d)
			}
		}
		if wantOff == 0 && !got.Compliant {
			t.Errorf("route %d: oracle finds it compliant, Check does not: %+v", i, got)
		}
		// Contains agrees with the oracle at every vertex.
		for _, p := range r {
			if got, want := n.Contains(p), oracleInside(p, segs); got != want {
				t.Errorf("route %d: Contains(%v) = %v, oracle %v", i, p, got, want)
			}
		}
	}
	t.Logf("%d routes (%d leave a corridor): max off-length error %.4f m, max first-off error %.4f m",
		routes, offRoutes, maxOffErr, maxFirstErr)
	if offRoutes == 0 || offRoutes == routes {
		t.Errorf("degenerate sample: %d of %d routes leave a corridor", offRoutes, routes)
	}
}
