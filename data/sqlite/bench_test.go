package sqlite_test

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// benchPolygon is a closed ring of n vertices around (x, y).
func benchPolygon(x, y float64, n int) orb.Polygon {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, orb.Point{x + 0.01*math.Cos(a), y + 0.01*math.Sin(a)})
	}
	return orb.Polygon{append(r, r[0])}
}

// benchZones returns count zones of a 64-vertex polygon each, ids prefix0…
func benchZones(prefix string, count int) []*geo.Zone {
	zs := make([]*geo.Zone, count)
	for i := range zs {
		zs[i] = &geo.Zone{Layer: "coal", ID: fmt.Sprintf("%s%d", prefix, i), Kind: geo.KindCoalBan,
			Name: "bench", Status: geo.StatusPublished, Properties: map[string]any{"i": i},
			Geometry: benchPolygon(111+float64(i%100)*0.02, 36+float64(i/100%100)*0.02, 64)}
	}
	return zs
}

func benchStore(b *testing.B) data.Store {
	b.Helper()
	s := openAt(b, filepath.Join(b.TempDir(), "bench.db"))
	b.Cleanup(func() { s.Close() })
	if _, err := s.PutLayer(b.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkCommit measures durable commits (fsync each) of batches of 1 and
// 1,000 zones of 64 vertices.
func BenchmarkCommit(b *testing.B) {
	for _, size := range []int{1, 1000} {
		b.Run(fmt.Sprintf("zones=%d", size), func(b *testing.B) {
			s := benchStore(b)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				zs := benchZones(fmt.Sprintf("b%d-", i), size)
				if err := s.Commit(b.Context(), data.Batch{Append: zs}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds(), "zones/s")
		})
	}
}

// BenchmarkChanges measures a full change-feed scan of 100,000 zones of 64
// vertices, decoding every geometry (the index's start-up load).
func BenchmarkChanges(b *testing.B) {
	const total, batch = 100_000, 1000
	s := benchStore(b)
	for i := range total / batch {
		if err := s.Commit(b.Context(), data.Batch{Append: benchZones(fmt.Sprintf("c%d-", i), batch)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := s.Changes(b.Context(), 0, func(*geo.Zone) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != total {
			b.Fatalf("scanned %d zones, want %d", n, total)
		}
	}
	b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "zones/s")
}
