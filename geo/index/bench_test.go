package index_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/synth"
)

// linfenCountiesPath is the real Linfen county boundaries: $ZONEGATE_LINFEN,
// else the shared folder beside the checkout (../shared/data/linfen from
// the repository root). Benchmarks on them are skipped when it is absent.
func linfenCountiesPath() string {
	if p := os.Getenv("ZONEGATE_LINFEN"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "..", "shared", "data", "linfen", "counties.geojson")
}

// heavyZones builds the heavy benchmark set, synth.Heavy: 2,000 concave
// stars of 200–2,000 vertices over 1°×1° near Linfen, about 12 bbox
// candidates and 5–6 containing zones a point.
func heavyZones() []*geo.Zone {
	zs := make([]*geo.Zone, 0, synth.Heavy.N)
	for i, p := range synth.Heavy.Polygons() {
		zs = append(zs, published("heavy", fmt.Sprintf("s%04d", i), p))
	}
	return zs
}

// heavyPoints returns n random points in the heavy set's square.
func heavyPoints(n int) []orb.Point { return synth.Heavy.Points(n, 3, 4) }

// linfenZones reads the real county boundaries, or returns nil when the
// file is not there.
func linfenZones(tb testing.TB) ([]*geo.Zone, orb.Bound) {
	tb.Helper()
	raw, err := os.ReadFile(linfenCountiesPath())
	if err != nil {
		return nil, orb.Bound{}
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		tb.Fatalf("%s: %v", linfenCountiesPath(), err)
	}
	var zs []*geo.Zone
	b := fc.Features[0].Geometry.Bound()
	for i, f := range fc.Features {
		zs = append(zs, published("admin", fmt.Sprintf("c%02d", i), f.Geometry))
		b = b.Union(f.Geometry.Bound())
	}
	return zs, b
}

func BenchmarkZonesAt(b *testing.B) {
	sets := []struct {
		name string
		load func(testing.TB) ([]*geo.Zone, func(n int) []orb.Point)
	}{
		{"heavy", func(testing.TB) ([]*geo.Zone, func(int) []orb.Point) { return heavyZones(), heavyPoints }},
		{"linfen", func(tb testing.TB) ([]*geo.Zone, func(int) []orb.Point) {
			zs, bound := linfenZones(tb)
			return zs, func(n int) []orb.Point { return synth.PointsIn(bound, n, 5, 6) }
		}},
	}
	for _, set := range sets {
		zs, points := set.load(b)
		ps := points(1 << 14)
		if zs == nil {
			b.Run(set.name, func(b *testing.B) { b.Skip(linfenCountiesPath() + " not present (set ZONEGATE_LINFEN)") })
			continue
		}
		ix := index.New()
		ix.Apply(zs...)
		s := ix.Snapshot()
		s.WaitReady()
		q := index.Query{At: t2020}
		reportShape(b, set.name, s, ps, q)
		b.Run(set.name, func(b *testing.B) {
			dst := make([]*geo.Zone, 0, 64)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				dst = s.ZonesAt(dst[:0], ps[i&(len(ps)-1)], q)
			}
			reportPoints(b, cpu0)
		})
		b.Run(set.name+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				dst := make([]*geo.Zone, 0, 64)
				i := rand.IntN(len(ps))
				for pb.Next() {
					dst = s.ZonesAt(dst[:0], ps[i&(len(ps)-1)], q)
					i++
				}
			})
			reportPoints(b, cpu0)
		})
		// Batches: the same 16,384 points, and 100,000 (the batch
		// endpoint's bulk size). Each goroutine answers a whole batch per
		// op with ZonesAtBatch; the per-point figures are ns/point,
		// cpu-ns/point and points/s.
		for _, bs := range []struct {
			name string
			ps   []orb.Point
		}{{"/batch", ps}, {"/batch=100000", points(100_000)}} {
			b.Run(set.name+bs.name, func(b *testing.B) {
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := processCPU()
				b.RunParallel(func(pb *testing.PB) {
					var batch index.Batch
					for pb.Next() {
						s.ZonesAtBatch(&batch, bs.ps, q)
					}
				})
				n := float64(b.N) * float64(len(bs.ps))
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/point")
				b.ReportMetric(float64(processCPU()-cpu0)/n, "cpu-ns/point")
				b.ReportMetric(n/b.Elapsed().Seconds(), "points/s")
			})
		}
	}
}

// reportPoints reports points per second of wall time and the process's
// CPU time per point since cpu0 (see processCPU); 2e9/cpu-ns/op is then the
// throughput two cores of one's own would give.
func reportPoints(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// reportShape logs the data set's candidate and hit counts per point and the
// prepared-polygon memory relative to the raw coordinates.
func reportShape(b *testing.B, name string, s *index.Snapshot, ps []orb.Point, q index.Query) {
	b.Helper()
	cands, hits := 0, 0
	var dst []*geo.Zone
	for _, p := range ps {
		s.Search(orb.Bound{Min: p, Max: p}, q, func(*geo.Zone) bool { cands++; return true })
		dst = s.ZonesAt(dst[:0], p, q)
		hits += len(dst)
	}
	st := s.Stats()
	b.Logf("%s: %d zones, %d vertices (avg %d), %.2f bbox candidates and %.2f containing zones per point, prepared %.1f MB = %.2f× raw coordinate bytes",
		name, st.Zones, st.Vertices, st.Vertices/max(1, st.Zones), float64(cands)/float64(len(ps)), float64(hits)/float64(len(ps)),
		float64(st.Bytes)/1e6, float64(st.Bytes)/float64(16*st.Vertices))
}

func BenchmarkCrossings(b *testing.B) {
	ix := index.New()
	ix.Apply(heavyZones()...)
	s := ix.Snapshot()
	ps := heavyPoints(1 << 12)
	routes := make([]orb.LineString, 256)
	for i := range routes {
		routes[i] = orb.LineString(ps[i*11 : i*11+11]) // 10 segments across the square
	}
	q := index.Query{At: t2020}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Crossings(routes[i%len(routes)], q)
	}
}

// BenchmarkBuild applies 100k small zones (24-vertex stars), in one call
// (start-up) or in calls of 1,000 (each call publishes a copy-on-write
// snapshot), and reports the heap the index holds per raw coordinate byte
// (the zones' own geometry excluded).
func BenchmarkBuild(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	zs := make([]*geo.Zone, 100_000)
	for i := range zs {
		c := orb.Point{110 + 3*rng.Float64(), 35 + 3*rng.Float64()}
		zs[i] = published("small", fmt.Sprintf("z%06d", i), orb.Polygon{star(rng, c, 0.001, 0.004, 24, false)})
	}
	for _, batch := range []int{100_000, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			b.ReportAllocs()
			var ix *index.Index
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ix = nil
				runtime.GC()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				b.StartTimer()
				ix = index.New()
				for j := 0; j < len(zs); j += batch {
					ix.Apply(zs[j : j+batch]...)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&m1)
				st := ix.Snapshot().Stats()
				b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/float64(16*st.Vertices), "heap/rawcoord")
				b.StartTimer()
			}
			runtime.KeepAlive(ix)
		})
	}
}
