package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// TestQueryNumbersAreDecimal sends every numeric query parameter in forms
// strconv alone would take and expects a 400 naming the parameter.
func TestQueryNumbersAreDecimal(t *testing.T) {
	t.Parallel()
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "z.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.PutLayer(t.Context(), geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "coal"}); err != nil {
		t.Fatal(err)
	}
	ix := index.New()
	f := follow.New(store, ix, nil)
	if err := f.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := api.New(api.Options{Store: store, Index: ix, Follower: f, Auth: api.AuthOptions{AnonymousRole: data.RoleAdmin}})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close(context.Background())
	})
	tests := []struct{ path, field string }{
		{"/v1/zones/at?lon=111.5&lat=", "lat"},
		{"/v1/zones/at?lat=36&lon=", "lon"},
		{"/v1/checkpoints/nearest?lat=36&lon=", "lon"},
		{"/collections/coal_ban/items?limit=", "limit"},
		{"/collections/coal_ban/items?offset=", "offset"},
		{"/collections/coal_ban/items?bbox=111,36,112,", "bbox"},
		{"/v1/audit?limit=", "limit"},
		{"/v1/audit?after=", "after"},
		{"/v1/events?limit=", "limit"},
		{"/v1/events?after_id=", "after_id"},
		{"/v1/events?tail=", "tail"},
		{"/v1/inspections?limit=", "limit"},
		{"/v1/analysis/sewer-coverage?service_m=", "service_m"},
		{"/v1/zones/coal_ban/a/versions/", "version"},
	}
	for _, tc := range tests {
		for _, bad := range []string{"1_0", "0x1p4", "0x10", "Inf", "NaN", "+1"} {
			path := tc.path + url.QueryEscape(bad)
			if strings.HasSuffix(tc.path, "/") {
				path = tc.path + url.PathEscape(bad)
			}
			resp, err := http.Get(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Error struct{ Field, Message string }
			}
			derr := json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest || derr != nil || body.Error.Field != tc.field {
				t.Errorf("GET %s: %d, field %q (%v); want 400 naming %s", path, resp.StatusCode, body.Error.Field, derr, tc.field)
			}
		}
	}
}
