package ogc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// TestEditPreliminaryThenFinal publishes the gazette's two delineations
// and asks about both: a date between them sees the preliminary boundary,
// one after the final date the final boundary.
func TestEditPreliminaryThenFinal(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	onlyPrelim := orb.Point{apitest.TestPoint[0] + 0.015, apitest.TestPoint[1]} // in the large preliminary square only
	etag := createPublished(t, ts, editor, "cb-gazette", apitest.TestPoint, 0.02, "2020-05-15")
	r := call(t, ts, http.MethodPut, "/collections/coal_ban/items/cb-gazette", editor, apitest.Square("", "final", apitest.TestPoint, 0.01), "If-Match", etag)
	if r.status != http.StatusOK {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	if r := call(t, ts, http.MethodPost, "/v1/zones/coal_ban/cb-gazette/publish", editor, `{"valid_from":"2020-10-15"}`); r.status != http.StatusOK {
		t.Fatalf("publish final: %d %s", r.status, r.body)
	}
	cases := []struct {
		at   string
		p    orb.Point
		want string // "" for absent
	}{
		{"2020-05-01", apitest.TestPoint, ""},
		{"2020-06-01", apitest.TestPoint, "coal_ban/cb-gazette@1"},
		{"2020-06-01", onlyPrelim, "coal_ban/cb-gazette@1"},
		{"2020-11-01", apitest.TestPoint, "coal_ban/cb-gazette@2"},
		{"2020-11-01", onlyPrelim, ""},
	}
	for _, c := range cases {
		var got string
		for _, id := range zonesAtIDs(t, ts, c.p, c.at) {
			if strings.HasPrefix(id, "coal_ban/cb-gazette@") {
				got = id
			}
		}
		if got != c.want {
			t.Errorf("at %s %v: %q, want %q", c.at, c.p, got, c.want)
		}
	}
	// The preliminary version's validity was closed where the final begins.
	var h struct {
		Versions []struct {
			Version   int64  `json:"version"`
			Status    string `json:"status"`
			ValidFrom string `json:"valid_from"`
			ValidTo   string `json:"valid_to"`
			Author    string `json:"author"`
		} `json:"versions"`
	}
	ts.GetJSON(t, "/v1/zones/coal_ban/cb-gazette/versions", &h)
	got := fmt.Sprint(h.Versions)
	want := "[{1 published 2020-05-14T16:00:00Z 2020-10-14T16:00:00Z ecology-li} {2 published 2020-10-14T16:00:00Z  ecology-li}]"
	if got != want {
		t.Errorf("versions = %s, want %s", got, want)
	}
}

func TestEditDeleteRetiresAndKeepsHistory(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	viewer := apitest.CreateToken(t, ts.Store, "planner-wang", data.RoleViewer)
	etag := createPublished(t, ts, editor, "cb-gone", apitest.TestPoint, 0.01, "2020-01-01")
	if r := call(t, ts, http.MethodPatch, "/collections/coal_ban/items/cb-gone", editor, `{"properties":{"note":"draft"}}`, "If-Match", etag); r.status != http.StatusOK {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	if r := call(t, ts, http.MethodDelete, "/collections/coal_ban/items/cb-gone", editor, "", "If-Match", `"coal_ban/cb-gone/2"`); r.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", r.status, r.body)
	}
	if got := zonesAtIDs(t, ts, apitest.TestPoint, ""); slices.Contains(got, "coal_ban/cb-gone@1") {
		t.Errorf("retired zone still seen: %v", got)
	}
	// Viewers see published versions only: version 2 was a draft retired
	// by the DELETE, indistinguishable from a retired publication, and
	// drafts must stay invisible to them. Nothing is published any more.
	if r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-gone/versions", viewer, ""); r.status != http.StatusNotFound {
		t.Errorf("viewer versions after DELETE: %d %s, want 404", r.status, r.body)
	}
	if r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-gone/versions/2", viewer, ""); r.status != http.StatusNotFound {
		t.Errorf("viewer reads the retired draft: %d %s, want 404", r.status, r.body)
	}
	for _, c := range []struct {
		token, want string
	}{
		{editor, "1:retired:ecology-li 2:retired:ecology-li"},
	} {
		var h struct {
			Versions []struct {
				Version int64
				Status  string
				Author  string
			} `json:"versions"`
		}
		r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-gone/versions", c.token, "")
		if err := json.Unmarshal(r.body, &h); err != nil || r.status != http.StatusOK {
			t.Fatalf("versions: %d %v %s", r.status, err, r.body)
		}
		var got []string
		for _, v := range h.Versions {
			got = append(got, fmt.Sprintf("%d:%s:%s", v.Version, v.Status, v.Author))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("versions = %v, want %s", got, c.want)
		}
	}
	r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-gone/versions/1", editor, "")
	if id, p := r.feature(t); r.status != http.StatusOK || id != "cb-gone" || p["status"] != "retired" || r.header.Get("ETag") != `"coal_ban/cb-gone/1"` {
		t.Errorf("version 1: %d %s %v", r.status, id, p)
	}
	// A retired feature can be created anew, as its next version.
	if r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, apitest.Square("cb-gone", "back", apitest.TestPoint, 0.01)); r.status != http.StatusCreated || r.header.Get("ETag") != `"coal_ban/cb-gone/3"` {
		t.Errorf("re-create: %d %q %s", r.status, r.header.Get("ETag"), r.body)
	}

	entries, err := ts.Store.Audit(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.ZoneID == "cb-gone" {
			got = append(got, fmt.Sprintf("%s v%d", e.Action, e.Version))
		}
	}
	if want := "[create v1 publish v1 update v2 retire v1 retire v2 create v3]"; fmt.Sprint(got) != want {
		t.Errorf("audit = %v, want %s", got, want)
	}
	if err := data.VerifyAudit(entries); err != nil {
		t.Errorf("audit chain: %v", err)
	}
}

func TestEditRequiresEditor(t *testing.T) {
	ts := apitest.New(t)
	viewer := apitest.CreateToken(t, ts.Store, "planner-wang", data.RoleViewer)
	inspector := apitest.CreateToken(t, ts.Store, "station-1", data.RoleInspector)
	h := apitest.EditDraft(t, ts)
	for _, tok := range []string{viewer, inspector} {
		for _, c := range []struct{ method, path, body string }{
			{http.MethodPost, "/collections/coal_ban/items", apitest.Square("", "x", apitest.TestPoint, 0.01)},
			{http.MethodPut, "/collections/coal_ban/items/matrix-edit", apitest.Square("", "x", apitest.TestPoint, 0.01)},
			{http.MethodPatch, "/collections/coal_ban/items/matrix-edit", `{"properties":{"a":1}}`},
			{http.MethodDelete, "/collections/coal_ban/items/matrix-edit", ""},
			{http.MethodPost, "/v1/zones/coal_ban/matrix-edit/publish", `{}`},
		} {
			r := call(t, ts, c.method, c.path, tok, c.body, h...)
			if code, _ := r.errorBody(t); r.status != http.StatusForbidden || code != "forbidden" {
				t.Errorf("%s %s: %d %s, want 403 forbidden", c.method, c.path, r.status, code)
			}
		}
	}
	if latest, err := ts.Store.Zone(context.Background(), "coal_ban", "matrix-edit"); err != nil || latest.Version != 1 || latest.Status != geo.StatusDraft {
		t.Errorf("refused edits changed the zone: %+v %v", latest, err)
	}
}

func TestEditPublishValidity(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	body := `{"type":"Feature","id":"cb-valid","properties":{"name":"v","valid_from":"2020-03-01","valid_to":"2021-01-01"},
		"geometry":{"type":"Polygon","coordinates":[[[111.3,35.9],[111.31,35.9],[111.31,35.91],[111.3,35.9]]]}}`
	if r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, body); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	path := "/v1/zones/coal_ban/cb-valid/publish"
	for _, c := range []struct{ body, code string }{
		{`{"valid_from":"2020-01-01","valid_to":"2019-01-01"}`, "invalid_validity"},
		{`{"valid_from":5}`, "invalid_time"},
		{`{"valid_from":"yesterday"}`, "invalid_time"},
		{`{"valid_since":"2020-01-01"}`, "unknown_field"},
	} {
		r := call(t, ts, http.MethodPost, path, editor, c.body)
		if code, _ := r.errorBody(t); r.status != http.StatusBadRequest || code != c.code {
			t.Errorf("%s: %d %s, want 400 %s", c.body, r.status, code, c.code)
		}
	}
	// valid_from absent keeps the draft's; valid_to null opens the end.
	r := call(t, ts, http.MethodPost, path, editor, `{"valid_to":null}`)
	if _, p := r.feature(t); r.status != http.StatusOK || p["valid_from"] != "2020-02-29T16:00:00Z" || p["valid_to"] != nil || p["status"] != "published" {
		t.Errorf("publish: %d %v", r.status, p)
	}
}
