package tiles_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/synth"
	"github.com/zonegate/zonegate/tiles"
)

// heavyStars is the heavy benchmark set of DESIGN.md as geo/index's
// benchmarks use it (synth.Heavy: 2,000 concave stars of 200–2,000
// vertices, about 1,100 on average, over 1°×1° near Linfen), with every
// ring counter-clockwise as the tiles benchmarks have always drawn it.
var heavyStars = func() synth.Stars { s := synth.Heavy; s.ClockwiseEven = false; return s }()

// heavySquare is where the heavy benchmark set lies.
var heavySquare = orb.Bound{Min: heavyStars.Origin, Max: orb.Point{heavyStars.Origin[0] + heavyStars.Size[0], heavyStars.Origin[1] + heavyStars.Size[1]}}

// heavyZones builds the heavy benchmark set as zones of layer "heavy".
func heavyZones() []*geo.Zone {
	polys := heavyStars.Polygons()
	zs := make([]*geo.Zone, 0, len(polys))
	for i, p := range polys {
		zs = append(zs, &geo.Zone{
			Layer: "heavy", ID: fmt.Sprintf("s%04d", i), Version: 1, Kind: geo.KindCustom,
			Name: fmt.Sprintf("star %d", i), Status: geo.StatusPublished, Revision: int64(i + 1),
			Geometry: p,
		})
	}
	return zs
}

// tilesOver lists the tiles of zoom z that cover b.
func tilesOver(b orb.Bound, z maptile.Zoom) []maptile.Tile {
	lo := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
	hi := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
	var out []maptile.Tile
	for y := lo.Y; y <= hi.Y; y++ {
		for x := lo.X; x <= hi.X; x++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// heavySet returns the heavy tileset and its index.
func heavySet() (tiles.Tileset, *index.Snapshot) {
	ix := index.New()
	ix.Apply(heavyZones()...)
	return tiles.Tileset{Name: "heavy", Layers: []geo.Layer{{ID: "heavy", Kind: geo.KindCustom}}}, ix.Snapshot()
}

// BenchmarkEncode renders, uncached, every tile over each data set in turn
// at zooms 8, 12 and 15, on all cores, through one long-lived Renderer as
// the server holds it, warmed first (its per-zone data is built on the
// first rendering that meets a zone; BenchmarkFirstTileAfterApply times
// that; tiles themselves are never reused).
// cpu-µs/tile is the process CPU time (GC included) per tile.
// DESIGN.md's targets for the heavy set (≥ 10× pg_tileserv): z8 ≥ 90,
// z12 ≥ 3,130, z15 ≥ 14,650 tiles/s.
func BenchmarkEncode(b *testing.B) {
	hts, hsnap := heavySet()
	dts, dix, _ := demoSet(b)
	dsnap := dix.Snapshot()
	sets := []struct {
		name  string
		ts    tiles.Tileset
		src   tiles.Source
		bound orb.Bound
	}{
		{"heavy", hts, hsnap, heavySquare},
		{"demo", dts, dsnap, demoBound(dsnap)},
	}
	for _, set := range sets {
		for _, z := range []maptile.Zoom{8, 12, 15} {
			tl := tilesOver(set.bound, z)
			r := tiles.NewRenderer(tiles.Options{})
			warm := false
			b.Run(fmt.Sprintf("%s/z%d", set.name, z), func(b *testing.B) {
				for _, t := range tl { // warm once: prepare every zone the tiles meet
					if warm {
						break
					}
					if _, err := r.Encode(set.src, set.ts, t, at2020); err != nil {
						b.Fatal(err)
					}
				}
				warm = true
				var next atomic.Int64
				var bytes atomic.Int64
				b.ReportAllocs()
				runtime.GC()
				b.ResetTimer()
				c0 := processCPU()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						t := tl[int(next.Add(1))%len(tl)]
						out, err := r.Encode(set.src, set.ts, t, at2020)
						if err != nil {
							b.Error(err)
							return
						}
						bytes.Add(int64(len(out)))
					}
				})
				b.ReportMetric(float64((processCPU()-c0).Microseconds())/float64(b.N), "cpu-µs/tile")
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tiles/s")
				b.ReportMetric(float64(bytes.Load())/float64(b.N), "B/tile")
			})
		}
	}
}

// demoBound is the bound of every zone in the demo index.
func demoBound(s *index.Snapshot) orb.Bound {
	var b orb.Bound
	first := true
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	s.Search(world, index.Query{At: at2020}, func(z *geo.Zone) bool {
		if first {
			b, first = z.Geometry.Bound(), false
		} else {
			b = b.Union(z.Geometry.Bound())
		}
		return true
	})
	return b
}

// BenchmarkCachedTile serves cached heavy-set z12 tiles: key computation
// (revisions and epoch from the snapshot) plus the cache lookup, on all
// cores. DESIGN.md's target for cached tiles is ≥ 20,000 tiles/s end to
// end; api's BenchmarkTileCachedHTTP adds the HTTP handler.
func BenchmarkCachedTile(b *testing.B) {
	ts, src := heavySet()
	tl := tilesOver(heavySquare, 12)
	c := tiles.NewCache(1 << 30)
	for _, t := range tl {
		k := tiles.NewKey(src, ts, t, at2020, tiles.Options{})
		if _, err := c.Get(k, func() ([]byte, error) { return tiles.Encode(src, ts, t, at2020, tiles.Options{}) }); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t := tl[int(next.Add(1))%len(tl)]
			k := tiles.NewKey(src, ts, t, at2020, tiles.Options{})
			if _, err := c.Get(k, func() ([]byte, error) { return nil, fmt.Errorf("miss") }); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tiles/s")
}

// BenchmarkZ12Latency renders random heavy-set z12 tiles one after the
// other on one goroutine and reports the median and 99th percentile
// rendering time. DESIGN.md's target: z12 p99 < 10 ms at one connection.
// Each iteration renders one tile; the percentiles cover every rendering
// of the final run. The renderer is warmed first (every tile rendered
// once), as a serving process is: the first rendering that meets a zone
// also prepares its per-zone data, which is not what is measured here.
func BenchmarkZ12Latency(b *testing.B) {
	ts, src := heavySet()
	tl := tilesOver(heavySquare, 12)
	r := tiles.NewRenderer(tiles.Options{})
	for _, t := range tl {
		if _, err := r.Encode(src, ts, t, at2020); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(12, 99))
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t := tl[rng.IntN(len(tl))]
		start := time.Now()
		if _, err := r.Encode(src, ts, t, at2020); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkFirstTileAfterApply times the first z8 tile that a Renderer
// draws right after the index changed: after start (a fresh index and
// renderer) and after a publish (20 zones replaced by new versions under a
// long-lived renderer), with the index deriving the render data
// (tiles.Derive, as the server runs) and without (every zone prepared by
// the first tile that meets it); warm is the same tile drawn again. Two
// sets: the heavy set, and 40,000 small parcels (24-vertex stars over one
// degree square, all in the tile), where the first tile used to pay for
// preparing each small zone. cpu-ms/op is the process CPU time of the
// timed part (on a busy machine wall time overstates it). Issue 16 asks
// that start and publish cost what warm does, at most 10 ms on the heavy
// set.
func BenchmarkFirstTileAfterApply(b *testing.B) {
	sets := []struct {
		name string
		zs   []*geo.Zone
		at   orb.Point
	}{
		{"heavy", heavyZones(), heavySquare.Center()},
		{"small40k", smallZones("heavy", 40_000, orb.Bound{Min: orb.Point{111, 35.5}, Max: orb.Point{112, 36.5}}), orb.Point{111.5, 36}},
	}
	ts := tiles.Tileset{Name: "heavy", Layers: []geo.Layer{{ID: "heavy", Kind: geo.KindCustom}}}
	for _, set := range sets {
		for _, derive := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/derive=%v", set.name, derive), func(b *testing.B) {
				firstTiles(b, set.zs, ts, maptile.At(set.at, 8), derive)
			})
		}
	}
}

// firstTiles runs BenchmarkFirstTileAfterApply's warm, start and publish
// cases for one set of zones.
func firstTiles(b *testing.B, zs []*geo.Zone, ts tiles.Tileset, tile maptile.Tile, derive bool) {
	newIndex := func() *index.Index {
		if derive {
			return index.New(index.WithDeriver(tiles.Derive))
		}
		return index.New()
	}
	// run times draw after setup (untimed) over b.N iterations.
	run := func(b *testing.B, setup func() (*index.Snapshot, *tiles.Renderer)) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			snap, r := setup()
			runtime.GC()
			c0 := processCPU()
			b.StartTimer()
			if _, err := r.Encode(snap, ts, tile, at2020); err != nil {
				b.Fatal(err)
			}
			cpu += processCPU() - c0
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	ix := newIndex()
	ix.Apply(zs...)
	warm := tiles.NewRenderer(tiles.Options{})
	if _, err := warm.Encode(ix.Snapshot(), ts, tile, at2020); err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		run(b, func() (*index.Snapshot, *tiles.Renderer) { return ix.Snapshot(), warm })
	})
	b.Run("start", func(b *testing.B) {
		run(b, func() (*index.Snapshot, *tiles.Renderer) {
			fresh := newIndex()
			fresh.Apply(zs...)
			return fresh.Snapshot(), tiles.NewRenderer(tiles.Options{})
		})
	})
	b.Run("publish", func(b *testing.B) {
		version := int64(1)
		run(b, func() (*index.Snapshot, *tiles.Renderer) {
			version++
			edits := make([]*geo.Zone, 20)
			for i := range edits {
				z := *zs[i*97]
				z.Version = version
				edits[i] = &z
			}
			ix.Apply(edits...)
			return ix.Snapshot(), warm
		})
	})
}

// smallZones returns n small published zones of layer: jagged 24-vertex
// stars 0.001–0.004 degrees across, seeded, over bound.
func smallZones(layer string, n int, bound orb.Bound) []*geo.Zone {
	stars := synth.Stars{N: n, Origin: bound.Min, Size: [2]float64{bound.Max[0] - bound.Min[0], bound.Max[1] - bound.Min[1]},
		MinVertices: 24, MaxVertices: 24, RMin: 0.001, RMax: 0.004, Jagged: true, Seed: [2]uint64{7, 8}}
	zs := make([]*geo.Zone, 0, n)
	for i, p := range stars.Polygons() {
		zs = append(zs, &geo.Zone{Layer: layer, ID: fmt.Sprintf("z%06d", i), Version: 1, Kind: geo.KindCustom,
			Status: geo.StatusPublished, Geometry: p})
	}
	return zs
}

// processCPU returns the CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkApplyDerive times loading an index with and without
// tiles.Derive: 100,000 small zones (24-vertex stars)
// and the heavy set, so the indexing time the derived render data adds
// can be read off.
func BenchmarkApplyDerive(b *testing.B) {
	small := smallZones("small", 100_000, orb.Bound{Min: orb.Point{110, 35}, Max: orb.Point{113, 38}})
	sets := []struct {
		name string
		zs   []*geo.Zone
	}{{"small100k", small}, {"heavy", heavyZones()}}
	for _, set := range sets {
		for _, derive := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/derive=%v", set.name, derive), func(b *testing.B) {
				var ix *index.Index
				for b.Loop() {
					ix = index.New()
					if derive {
						ix = index.New(index.WithDeriver(tiles.Derive))
					}
					ix.Apply(set.zs...)
				}
				b.ReportMetric(float64(ix.Snapshot().Stats().DerivedBytes)/1e6, "derivedMB")
			})
		}
	}
}
