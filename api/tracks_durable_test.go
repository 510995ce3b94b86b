package api_test

import (
	"context"
	"errors"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
)

// brokenTracks is a store whose vehicle states and events cannot be
// written while broken is set.
type brokenTracks struct {
	data.Store
	broken *atomic.Bool
}

func (b brokenTracks) UpdateTrack(ctx context.Context, plates []string, apply func(map[string]*data.Vehicle) (data.TrackBatch, error)) error {
	if b.broken.Load() {
		return errors.New("disk I/O error")
	}
	return b.Store.UpdateTrack(ctx, plates, apply)
}

// TestTracksStoreUnavailable: positions that cannot be committed are
// answered 503 store_unavailable with Retry-After, and nothing is stored,
// so the same positions are accepted in full once the store works.
func TestTracksStoreUnavailable(t *testing.T) {
	t.Parallel()
	var broken atomic.Bool
	broken.Store(true)
	ts := apitest.New(t, func(o *api.Options) { o.Store = brokenTracks{o.Store, &broken} })
	body := `{"positions":[{"plate":"晋L·D0001","time":"2020-11-01T08:00:00+08:00","lon":111.5186,"lat":36.088,"cargo":"coal"}]}`
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/tracks", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("status %d, Retry-After %q; want 503 and 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	vs, err := ts.Store.Vehicles(context.Background())
	if err != nil || len(vs) != 0 {
		t.Fatalf("vehicles after the failed commit: %d, %v; want none", len(vs), err)
	}
	broken.Store(false)
	code, _, got := ts.Do(t, http.MethodPost, "/v1/tracks", "application/json", body)
	if code != http.StatusOK || !strings.Contains(string(got), `"accepted":1,"duplicates":0`) {
		t.Fatalf("resent positions: status %d: %s; want 200 with the position accepted", code, got)
	}
}
