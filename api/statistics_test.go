package api_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite api/testdata golden files")

// TestCleanHeatingStats checks GET /v1/statistics/clean-heating as JSON
// and as CSV (by ?format=csv and by Accept) against golden files.
func TestCleanHeatingStats(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	cases := []struct {
		name, path, golden, contentType string
		header                          []string
	}{
		{"json", "/v1/statistics/clean-heating", "clean-heating.golden.json", "application/json; charset=utf-8", nil},
		{"csv-format", "/v1/statistics/clean-heating?format=csv", "clean-heating.golden.csv", "text/csv; charset=utf-8", nil},
		{"csv-accept", "/v1/statistics/clean-heating", "clean-heating.golden.csv", "text/csv; charset=utf-8", []string{"Accept", "text/csv"}},
	}
	for _, c := range cases {
		resp, body := ts.Send(t, "GET", c.path, "", c.header...)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", c.name, resp.StatusCode, body)
		}
		if got := resp.Header.Get("Content-Type"); got != c.contentType {
			t.Errorf("%s: Content-Type %q, want %q", c.name, got, c.contentType)
		}
		path := filepath.Join("testdata", c.golden)
		if *updateGolden {
			if err := os.WriteFile(path, body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s: body differs from %s (go test ./api -run TestCleanHeatingStats -update-golden):\n%s", c.name, path, body)
		}
	}
}
