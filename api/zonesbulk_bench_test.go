package api_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/synth"
)

// heavyStars returns the first n stars of synth.RegularHeavy with v
// vertices in layer "bench", overlapping a few deep: the heavy set of
// cmd/zonegate-bench (2,000 stars of 1,100 vertices there).
func heavyStars(n, v int) []*geo.Zone {
	set := synth.RegularHeavy
	set.N, set.MinVertices, set.MaxVertices = n, v, v
	out := make([]*geo.Zone, n)
	for i, p := range set.Polygons() {
		out[i] = &geo.Zone{Layer: "bench", ID: "star-" + strconv.Itoa(i), Version: 1, Kind: geo.KindCoalBan,
			Status: geo.StatusPublished, Geometry: p}
	}
	return out
}

// heavyPoints draws n points uniformly over the stars' bound.
func heavyPoints(zs []*geo.Zone, n int) []orb.Point {
	b := zs[0].Geometry.Bound()
	for _, z := range zs[1:] {
		b = b.Union(z.Geometry.Bound())
	}
	return synth.PointsIn(b, n, 42, 7)
}

// linfenCounties reads the real Linfen county boundaries
// ($ZONEGATE_LINFEN, else ../shared/data/linfen/counties.geojson beside the
// checkout) as zones of layer "bench", as the harness loads them, or
// returns nil when the file is not there.
func linfenCounties(tb testing.TB) []*geo.Zone {
	tb.Helper()
	path := os.Getenv("ZONEGATE_LINFEN")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "data", "linfen", "counties.geojson")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	zs := make([]*geo.Zone, len(fc.Features))
	for i, f := range fc.Features {
		zs[i] = &geo.Zone{Layer: "bench", ID: "county-" + strconv.Itoa(i), Version: 1, Kind: geo.KindCoalBan,
			Status: geo.StatusPublished, Geometry: f.Geometry}
	}
	return zs
}

// bulkBodies returns the batch body and the stream body of pts.
func bulkBodies(pts []orb.Point) (batch, stream string) {
	var bb, sb strings.Builder
	bb.WriteString(`{"points":[`)
	for i, p := range pts {
		if i > 0 {
			bb.WriteByte(',')
		}
		pair := "[" + strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64) + "]"
		bb.WriteString(pair)
		sb.WriteString(pair + "\n")
	}
	bb.WriteString(`]}`)
	return bb.String(), sb.String()
}

// BenchmarkBulk100k drives POST /v1/zones/at and POST /v1/zones/at/stream
// through the full router with 100,000 points, on the demo region
// ("counties", under one hit a point) and with the harness's heavy set
// added ("heavy": 2,000 stars of 1,100 vertices, several hits a point), and
// with the real Linfen counties added ("linfen", when $ZONEGATE_LINFEN or
// the shared data folder has them; points uniform over their bound, as
// the harness draws them).
// Run with -cpuprofile to see where the server time goes outside the
// lookups.
func BenchmarkBulk100k(b *testing.B) {
	sets := []struct {
		name  string
		zones []*geo.Zone
	}{{"counties", nil}, {"heavy", heavyStars(2000, 1100)}, {"linfen", linfenCounties(b)}}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			if set.name == "linfen" && set.zones == nil {
				b.Skip("Linfen counties not present (set ZONEGATE_LINFEN)")
			}
			var ix *index.Index
			ts := apitest.New(b, func(o *api.Options) { ix = o.Index; ix.Apply(set.zones...) })
			pts := randomPoints(3, 100_000)
			if set.zones != nil {
				pts = heavyPoints(set.zones, 100_000)
			}
			for i, p := range pts { // as a GPS receiver reports them, as the harness sends them
				pts[i] = orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
			}
			ix.Snapshot().WaitReady()
			batch, stream := bulkBodies(pts)
			// The lookups alone, split over the cores as the batch
			// handler splits them: what the endpoints cost beyond this is
			// decoding, encoding and writing.
			b.Run("lookup", func(b *testing.B) {
				snap := ix.Snapshot()
				q := index.Query{At: apitest.CheckTime}
				workers := runtime.GOMAXPROCS(0)
				per := (len(pts) + workers - 1) / workers
				batches := make([]index.Batch, workers)
				b.ReportAllocs()
				cpu0 := bulkCPUTime()
				for b.Loop() {
					var wg sync.WaitGroup
					for w := range workers {
						wg.Go(func() { snap.ZonesAtBatch(&batches[w], pts[min(w*per, len(pts)):min((w+1)*per, len(pts))], q) })
					}
					wg.Wait()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(pts)), "ns/point")
				b.ReportMetric(float64(bulkCPUTime()-cpu0)/float64(b.N)/float64(len(pts)), "cpu-ns/point")
			})
			for _, c := range []struct{ name, path, ct, body string }{
				{"batch", "/v1/zones/at", "application/json", batch},
				{"stream", "/v1/zones/at/stream", "application/x-ndjson", stream},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					var n int64
					cpu0 := bulkCPUTime()
					for b.Loop() {
						req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body))
						req.Header.Set("Content-Type", c.ct)
						w := &discardWriter{header: http.Header{}}
						ts.API.ServeHTTP(w, req)
						if w.status != http.StatusOK || w.n < int64(len(pts))*12 {
							b.Fatalf("status %d, %d bytes", w.status, w.n)
						}
						n = w.n
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(pts)), "ns/point")
					b.ReportMetric(float64(bulkCPUTime()-cpu0)/float64(b.N)/float64(len(pts)), "cpu-ns/point")
					b.ReportMetric(float64(n)/float64(len(pts)), "answer-B/point")
				})
			}
		})
	}
}

// bulkCPUTime is the process's user and system CPU time so far.
func bulkCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
