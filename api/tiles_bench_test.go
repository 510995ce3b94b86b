package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

// BenchmarkTileRequest is one uncached GET /tiles/zones/{z}/{x}/{y}.mvt
// after another through the full router (as `zonegate serve
// --tile-cache-mb -1` answers the peer harness), at z8, z12 and z15, over
// the tiles holding 64 seeded points: "counties" asks layers=counties
// (17 small polygons, as the harness asks for its layer) without
// Accept-Encoding, as the harness's client does, and "counties-gzip" with
// gzip; "all" asks the whole tileset (every demo layer: polygons, lines
// and points), as the map page does. cpu-ns/op is the process's CPU time
// per tile.
//
// Issue 16, medians of 5 interleaved runs on the shared 2-core machine,
// cpu-ns/op (allocs/op), before (c57f5da) -> after this branch:
// z8-counties 75.9k (58) -> 30.5k (29); z12-counties 29.2k (56) -> 9.5k
// (28); z15-counties 22.7k (55) -> 8.3k (28); z12-all 47.7k (63) -> 15.9k
// (29); z12-counties-gzip 28.0k (57) -> 24.6k (31).
func BenchmarkTileRequest(b *testing.B) {
	srv := apitest.New(b, func(o *api.Options) { o.Map.TileCacheBytes = -1 })
	for _, z := range []maptile.Zoom{8, 12, 15} {
		var tls []maptile.Tile
		seen := map[maptile.Tile]bool{}
		for _, p := range reqPathPoints(64) {
			if t := maptile.At(p, z); !seen[t] {
				seen[t] = true
				tls = append(tls, t)
			}
		}
		for _, c := range []struct{ name, query, enc string }{
			{"counties", "?layers=" + demo.LayerCounties, ""},
			{"counties-gzip", "?layers=" + demo.LayerCounties, "gzip"},
			{"all", "", ""},
		} {
			b.Run("z"+strconv.Itoa(int(z))+"-"+c.name, func(b *testing.B) {
				reqs := make([]*http.Request, len(tls))
				for i, t := range tls {
					reqs[i] = httptest.NewRequest(http.MethodGet, "/tiles/zones/"+strconv.Itoa(int(t.Z))+"/"+
						strconv.Itoa(int(t.X))+"/"+strconv.Itoa(int(t.Y))+".mvt"+c.query, nil)
					if c.enc != "" {
						reqs[i].Header.Set("Accept-Encoding", c.enc)
					}
				}
				w := newReuseWriter()
				serve := func(r *http.Request) {
					w.reset()
					srv.API.ServeHTTP(w, r)
					if w.status != http.StatusOK && w.status != http.StatusNoContent {
						b.Fatalf("%s: status %d: %s", r.URL, w.status, w.body)
					}
				}
				for _, r := range reqs {
					serve(r) // warm up: zones prepared, answers checked
				}
				b.ReportAllocs()
				cpu0 := processCPU(b)
				i := 0
				for b.Loop() {
					serve(reqs[i%len(reqs)])
					i++
				}
				b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
