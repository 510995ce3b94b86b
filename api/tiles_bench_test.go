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
// --tile-cache-mb -1` answers the peer harness), for the demo counties
// (small polygons) at z8, z12 and z15, over the tiles holding 64 seeded
// points, without Accept-Encoding (as the harness's client asks) and
// with gzip. cpu-ns/op is the process's CPU time per tile.
func BenchmarkTileRequest(b *testing.B) {
	srv := apitest.New(b, func(o *api.Options) { o.Map.TileCacheBytes = -1 })
	for _, z := range []maptile.Zoom{8, 12, 15} {
		var paths []string
		seen := map[maptile.Tile]bool{}
		for _, p := range reqPathPoints(64) {
			t := maptile.At(p, z)
			if !seen[t] {
				seen[t] = true
				paths = append(paths, "/tiles/zones/"+strconv.Itoa(int(t.Z))+"/"+strconv.Itoa(int(t.X))+"/"+
					strconv.Itoa(int(t.Y))+".mvt?layers="+demo.LayerCounties)
			}
		}
		for _, enc := range []string{"", "gzip"} {
			name := "z" + strconv.Itoa(int(z))
			if enc != "" {
				name += "-" + enc
			}
			b.Run(name, func(b *testing.B) {
				reqs := make([]*http.Request, len(paths))
				for i, p := range paths {
					reqs[i] = httptest.NewRequest(http.MethodGet, p, nil)
					if enc != "" {
						reqs[i].Header.Set("Accept-Encoding", enc)
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
