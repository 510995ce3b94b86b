package postgis_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// benchZones returns n published 24-vertex polygons in layer "z" with ids
// prefix0…, from a fixed seed (the same shapes as data/follow's SQLite
// cold-start benchmark).
func benchZones(n int, prefix string) []*geo.Zone {
	rng := rand.New(rand.NewPCG(1, 2))
	zs := make([]*geo.Zone, n)
	for i := range zs {
		c := orb.Point{110 + 3*rng.Float64(), 35 + 2*rng.Float64()}
		ring := make(orb.Ring, 25)
		for k := range 24 {
			a := 2 * math.Pi * float64(k) / 24
			r := 0.002 + 0.003*rng.Float64()
			ring[k] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
		}
		ring[24] = ring[0]
		zs[i] = &geo.Zone{Layer: "z", ID: fmt.Sprintf("%s%d", prefix, i), Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: orb.Polygon{ring}, Properties: map[string]any{"n": float64(i)}}
	}
	return zs
}

// benchStore opens a store in a fresh schema with layer "z".
func benchStore(b *testing.B) *postgis.Store {
	b.Helper()
	dsn, _ := postgistest.Schema(b)
	s := openDSN(b, dsn, postgis.Options{})
	if _, err := s.PutLayer(b.Context(), geo.Layer{ID: "z", Kind: geo.KindCustom, Title: "zones"}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBulkImport100k measures one Commit of 100,000 new polygons,
// which goes through COPY.
func BenchmarkBulkImport100k(b *testing.B) {
	const n = 100_000
	s := benchStore(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		zs := benchZones(n, fmt.Sprintf("i%d-", i))
		b.StartTimer()
		if err := s.Commit(b.Context(), data.Batch{Append: zs}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "zones/s")
}

// BenchmarkWarmStart100k measures a replica's start on a database holding
// 100,000 published zones: the Changes scan from revision 0 plus the index
// build, as `zonegate serve` does before it is ready (DESIGN.md target for
// SQLite: < 2 s).
func BenchmarkWarmStart100k(b *testing.B) {
	const n = 100_000
	s := benchStore(b)
	if err := s.Commit(b.Context(), data.Batch{Append: benchZones(n, "z")}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix := index.New()
		if err := follow.New(s, ix, nil).CatchUp(b.Context()); err != nil {
			b.Fatal(err)
		}
		if got := ix.Snapshot().Len(); got != n {
			b.Fatalf("indexed %d zones, want %d", got, n)
		}
	}
}

// BenchmarkChangesScan100k measures the database half of a warm start: the
// Changes scan of 100,000 zones from revision 0, decoded but not indexed.
func BenchmarkChangesScan100k(b *testing.B) {
	const n = 100_000
	s := benchStore(b)
	if err := s.Commit(b.Context(), data.Batch{Append: benchZones(n, "z")}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows := 0
		if _, err := s.Changes(b.Context(), 0, func(*geo.Zone) error { rows++; return nil }); err != nil {
			b.Fatal(err)
		}
		if rows != n {
			b.Fatalf("scanned %d rows, want %d", rows, n)
		}
	}
}

// BenchmarkPublish measures data.Publish of one zone at a time (read the
// feature's versions, then commit the new version and the closing of the
// previous one), cycling over 100 features.
func BenchmarkPublish(b *testing.B) {
	s := benchStore(b)
	zs := benchZones(100, "p")
	i := 0
	for b.Loop() {
		z := *zs[i%len(zs)]
		i++
		if err := data.Publish(b.Context(), s, []*geo.Zone{&z}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "publishes/s")
}

// BenchmarkPublishParallel is BenchmarkPublish from several goroutines on
// distinct features (writers are serialised by the revision counter).
func BenchmarkPublishParallel(b *testing.B) {
	s := benchStore(b)
	zs := benchZones(1000, "q")
	var next atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			z := *zs[next.Add(1)%int64(len(zs))]
			if err := data.Publish(b.Context(), s, []*geo.Zone{&z}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "publishes/s")
}
