package api_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Helpers the api tests share with api/ogc's (which keep their own
// copies): features and drafts to edit, a seed, ogrinfo.

// square is a GeoJSON polygon feature: a square of half-side d around c.
func square(id, name string, c orb.Point, d float64) string {
	idPart := ""
	if id != "" {
		idPart = fmt.Sprintf(`"id":%q,`, id)
	}
	return fmt.Sprintf(`{"type":"Feature",%s"properties":{"name":%q,"source":"survey"},"geometry":{"type":"Polygon","coordinates":[[[%[3]g,%[4]g],[%[5]g,%[4]g],[%[5]g,%[6]g],[%[3]g,%[6]g],[%[3]g,%[4]g]]]}}`,
		idPart, name, c[0]-d, c[1]-d, c[0]+d, c[1]+d)
}

// testPoint is inside no demo coal-ban zone's edge cases: the new zones of
// these tests are squares around it.
var testPoint = orb.Point{111.3, 35.9}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// editDraft appends a draft version of coal_ban/matrix-edit to the store
// and returns an If-Match header for it: the role matrix's preparation of
// the editing routes.
func editDraft(t testing.TB, ts *testServer) []string {
	t.Helper()
	c := testPoint
	z := &geo.Zone{Layer: "coal_ban", ID: "matrix-edit", Kind: geo.KindCoalBan, Name: "matrix", Status: geo.StatusDraft,
		Geometry: orb.Polygon{{{c[0], c[1]}, {c[0] + 0.01, c[1]}, {c[0] + 0.01, c[1] + 0.01}, {c[0], c[1] + 0.01}, {c[0], c[1]}}}}
	if err := ts.store.Commit(context.Background(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
		t.Fatal(err)
	}
	return []string{"If-Match", fmt.Sprintf(`"coal_ban/matrix-edit/%d"`, z.Version)}
}

// seed returns the property tests' seed: $SEED, or a fixed default.
func seed(t *testing.T) uint64 {
	s := uint64(20200515)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

// ogrinfo runs GDAL's ogrinfo against the test server with a bounded HTTP
// timeout and returns its combined output.
func ogrinfo(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=20", "GDAL_HTTP_MAX_RETRY=0", "CPL_DEBUG=OFF")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
