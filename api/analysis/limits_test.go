package analysis_test

import (
	"github.com/zonegate/zonegate/api/internal/apitest"
	"net/http"
	"runtime"
	"testing"
)

// TestSewerTooManyCells: service_m=8 asks for 0.8 m cells over the demo's
// counties, 3.65 billion samples (the request that answered 500 after
// trying to allocate them). It is refused with 400 naming service_m and
// the limit, before any grid is allocated.
func TestSewerTooManyCells(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	status, ct, body := ts.Do(t, http.MethodGet, "/v1/analysis/sewer-coverage?service_m=8", "", "")
	runtime.ReadMemStats(&after)
	const want = `{"error":{"code":"too_many_cells","message":"service_m 8 is too small for the area: the analysis would need 3,652,465,868 cells of 0.8 m; the limit is 16,777,216","field":"service_m"}}` + "\n"
	if status != http.StatusBadRequest || ct != "application/json; charset=utf-8" || string(body) != want {
		t.Fatalf("status %d %s\n%s\nwant %s", status, ct, body, want)
	}
	// The whole exchange (server and client side) allocates a few MB at
	// most, against 14.6 GB for the grid alone.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("refusing service_m=8 allocated %d bytes", alloc)
	}
	// The next size up that fits is computed as before.
	if status, _, body := ts.Do(t, http.MethodGet, "/v1/analysis/sewer-coverage?service_m=250", "", ""); status != 200 {
		t.Errorf("service_m=250: %d %s", status, body)
	}
}
