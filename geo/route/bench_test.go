package route_test

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/route"
)

// benchNetwork is 60 random lines (~400 segments) and positions and routes
// around them.
func benchNetwork(tb testing.TB) (*route.Network, []orb.Point, []orb.LineString) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	zones, lines := randomNetwork(rng, 60)
	n := route.NewNetwork(zones, 50)
	pts := make([]orb.Point, 4096)
	for i := range pts {
		l := lines[rng.IntN(len(lines))]
		pts[i] = crs.GeodesicDestination(l[rng.IntN(len(l))], 360*rng.Float64(), 200*rng.Float64())
	}
	routes := make([]orb.LineString, 256)
	for i := range routes {
		routes[i] = randomTruckRoute(rng, lines)
	}
	return n, pts, routes
}

func BenchmarkContains(b *testing.B) {
	n, pts, _ := benchNetwork(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		n.Contains(pts[i%len(pts)])
	}
}

func BenchmarkContainsParallel(b *testing.B) {
	n, pts, _ := benchNetwork(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			n.Contains(pts[i%len(pts)])
			i++
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	n, _, routes := benchNetwork(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		n.Check(routes[i%len(routes)])
	}
}

func BenchmarkNewNetwork(b *testing.B) {
	zones, _ := randomNetwork(rand.New(rand.NewPCG(1, 2)), 60)
	b.ReportAllocs()
	for b.Loop() {
		route.NewNetwork(zones, 50)
	}
}
