package follow_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// BenchmarkColdStart100k measures a server's start: loading 100,000
// published zones (24-vertex polygons) from a SQLite store into a fresh
// index through the change feed (DESIGN.md target: < 2 s).
func BenchmarkColdStart100k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "z.db")
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if _, err := store.PutLayer(ctx, geo.Layer{ID: "z", Kind: geo.KindCustom, Title: "zones"}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const n, batch = 100_000, 5_000
	for i := 0; i < n; i += batch {
		zs := make([]*geo.Zone, batch)
		for j := range zs {
			c := orb.Point{110 + 3*rng.Float64(), 35 + 2*rng.Float64()}
			ring := make(orb.Ring, 25)
			for k := range 24 {
				a := 2 * math.Pi * float64(k) / 24
				r := 0.002 + 0.003*rng.Float64()
				ring[k] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
			}
			ring[24] = ring[0]
			zs[j] = &geo.Zone{Layer: "z", ID: fmt.Sprintf("z%d", i+j), Kind: geo.KindCustom, Status: geo.StatusPublished, Geometry: orb.Polygon{ring}}
		}
		if err := store.Commit(ctx, data.Batch{Append: zs}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix := index.New()
		if err := follow.New(store, ix, nil).CatchUp(ctx); err != nil {
			b.Fatal(err)
		}
		if got := ix.Snapshot().Len(); got != n {
			b.Fatalf("indexed %d zones, want %d", got, n)
		}
	}
}
