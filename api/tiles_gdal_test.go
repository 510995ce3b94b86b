package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo/index"
)

// GDAL's MVT driver, an independent reader, finds in a tile fetched over
// HTTP the same layers, feature counts and ids as orb's decoder.
func TestTileReadByGDAL(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (Debian gdal-bin); skipping the GDAL MVT reader check")
	}
	ts := newTileServer(t)
	tl := maptile.At(linfenCentre, 10)
	resp, body := ts.get(t, tilePath(tl))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// GDAL reads the tile's address from a z/x/y.pbf path.
	dir := filepath.Join(t.TempDir(), fmt.Sprint(tl.Z), fmt.Sprint(tl.X))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%d.pbf", tl.Y))
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(ogrinfo, "-ro", "-al", "-q", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	gdal := map[string][]string{}
	layer := ""
	idLine := regexp.MustCompile(`^\s+id \(String\) = (.+)$`)
	for _, line := range strings.Split(string(out), "\n") {
		if name, ok := strings.CutPrefix(line, "Layer name: "); ok {
			layer = name
		}
		if m := idLine.FindStringSubmatch(line); m != nil {
			gdal[layer] = append(gdal[layer], m[1])
		}
	}
	ls, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	want := featureIDs(t, ls)
	if fmt.Sprint(gdal) != fmt.Sprint(want) {
		t.Errorf("GDAL reads %v\norb reads %v", gdal, want)
	}
	if len(want["coal_ban"]) == 0 {
		t.Errorf("no coal_ban features in %v", want)
	}
}

// BenchmarkTileCachedHTTP serves cached demo tiles (gzip) through the full
// handler stack (router, middleware, key, cache, headers) without a
// network, on all cores. DESIGN.md's target: ≥ 20,000 cached tiles/s.
func BenchmarkTileCachedHTTP(b *testing.B) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "zonegate.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if _, err := demo.Load(ctx, store); err != nil {
		b.Fatal(err)
	}
	ix := index.New()
	f := follow.New(store, ix, nil)
	if err := f.CatchUp(ctx); err != nil {
		b.Fatal(err)
	}
	srv := api.New(api.Options{Store: store, Index: ix, Follower: f, Now: func() time.Time { return apitest.CheckTime }})
	defer srv.Close(ctx)
	var paths []string
	centre := maptile.At(linfenCentre, 12)
	for dx := uint32(0); dx < 8; dx++ {
		for dy := uint32(0); dy < 8; dy++ {
			paths = append(paths, tilePath(maptile.New(centre.X-4+dx, centre.Y-4+dy, 12)))
		}
	}
	serve := func(path string) int {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, p := range paths {
		serve(p)
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if code := serve(paths[int(next.Add(1))%len(paths)]); code != http.StatusOK && code != http.StatusNoContent {
				b.Errorf("status %d", code)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tiles/s")
}
