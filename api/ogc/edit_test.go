package ogc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// editResponse is what the editing tests look at in an answer.
type editResponse struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes the error shape with its details.
func (r editResponse) errorBody(t *testing.T) (code string, details map[string]any) {
	t.Helper()
	var e struct {
		Error struct {
			Code    string         `json:"code"`
			Details map[string]any `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("status %d: not the error shape: %v: %s", r.status, err, r.body)
	}
	return e.Error.Code, e.Error.Details
}

// feature decodes a GeoJSON Feature answer's id and properties.
func (r editResponse) feature(t *testing.T) (string, map[string]any) {
	t.Helper()
	var f struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(r.body, &f); err != nil {
		t.Fatalf("status %d: not a feature: %v: %s", r.status, err, r.body)
	}
	return f.ID, f.Properties
}

// call sends a request with a bearer token ("" for none), a JSON body and
// header pairs.
func call(t *testing.T, ts *apitest.Server, method, path, token, body string, header ...string) editResponse {
	t.Helper()
	var pre []string
	if body != "" {
		pre = append(pre, "Content-Type", "application/json")
	}
	if token != "" {
		pre = append(pre, "Authorization", "Bearer "+token)
	}
	resp, b := ts.Send(t, method, path, body, append(pre, header...)...)
	return editResponse{status: resp.StatusCode, header: resp.Header, body: b}
}

// zonesAtIDs returns "layer/id@version" of the zones at p, at time at ("": now).
func zonesAtIDs(t *testing.T, ts *apitest.Server, p orb.Point, at string) []string {
	t.Helper()
	path := fmt.Sprintf("/v1/zones/at?lon=%g&lat=%g", p[0], p[1])
	if at != "" {
		path += "&at=" + at
	}
	var got struct {
		Zones []struct {
			Layer, ID string
			Version   int64
		} `json:"zones"`
	}
	ts.GetJSON(t, path, &got)
	var out []string
	for _, z := range got.Zones {
		out = append(out, fmt.Sprintf("%s/%s@%d", z.Layer, z.ID, z.Version))
	}
	return out
}

// tileHas reports whether the zones tile at p, zoom 12, holds feature id.
func tileHas(t *testing.T, ts *apitest.Server, p orb.Point, id string) bool {
	t.Helper()
	tl := maptile.At(p, 12)
	r := call(t, ts, http.MethodGet, fmt.Sprintf("/tiles/zones/%d/%d/%d.mvt", tl.Z, tl.X, tl.Y), "", "", "Accept-Encoding", "identity")
	if r.status == http.StatusNoContent {
		return false
	}
	ls, err := mvt.Unmarshal(r.body)
	if err != nil {
		t.Fatalf("tile: status %d: %v", r.status, err)
	}
	for _, l := range ls {
		for _, f := range l.Features {
			if f.Properties["id"] == id {
				return true
			}
		}
	}
	return false
}

func TestEditDraftPublishLifecycle(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	viewer := apitest.CreateToken(t, ts.Store, "planner-wang", data.RoleViewer)

	r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, apitest.Square("cb-new", "新禁煤区", apitest.TestPoint, 0.01))
	if r.status != http.StatusCreated || r.header.Get("ETag") != `"coal_ban/cb-new/1"` ||
		r.header.Get("Location") != ts.URL+"/collections/coal_ban/items/cb-new" {
		t.Fatalf("create: %d ETag %q Location %q: %s", r.status, r.header.Get("ETag"), r.header.Get("Location"), r.body)
	}
	if id, p := r.feature(t); id != "cb-new" || p["status"] != "draft" || p["version"] != 1.0 || p["source"] != "survey" {
		t.Errorf("create answered %s %v", id, p)
	}
	if r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, apitest.Square("cb-new", "again", apitest.TestPoint, 0.01)); r.status != http.StatusConflict {
		t.Errorf("second create of cb-new: %d, want 409", r.status)
	}

	// The draft is invisible to lookups, items, tiles and viewers' history.
	if got := zonesAtIDs(t, ts, apitest.TestPoint, ""); slices.Contains(got, "coal_ban/cb-new@1") {
		t.Errorf("draft seen by /v1/zones/at: %v", got)
	}
	if r := call(t, ts, http.MethodGet, "/collections/coal_ban/items/cb-new", "", ""); r.status != http.StatusNotFound {
		t.Errorf("draft item: %d, want 404", r.status)
	}
	if items := call(t, ts, http.MethodGet, "/collections/coal_ban/items?limit=1000", "", ""); strings.Contains(string(items.body), `"cb-new"`) {
		t.Errorf("draft listed in items")
	}
	if tileHas(t, ts, apitest.TestPoint, "cb-new") {
		t.Errorf("draft in the tile")
	}
	if r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-new/versions", viewer, ""); r.status != http.StatusNotFound {
		t.Errorf("viewer history of a draft-only feature: %d, want 404", r.status)
	}

	if r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-new/versions/1", viewer, ""); r.status != http.StatusNotFound {
		t.Errorf("viewer reading a draft version: %d, want 404", r.status)
	}
	if r := call(t, ts, http.MethodGet, "/v1/zones/coal_ban/cb-new/versions/1", editor, ""); r.status != http.StatusOK || r.header.Get("ETag") != `"coal_ban/cb-new/1"` {
		t.Errorf("editor reading the draft version: %d %q", r.status, r.header.Get("ETag"))
	}

	r = call(t, ts, http.MethodPost, "/v1/zones/coal_ban/cb-new/publish", editor, `{"valid_from":"2020-01-01"}`)
	if r.status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.status, r.body)
	}
	if _, p := r.feature(t); p["status"] != "published" || p["valid_from"] != "2019-12-31T16:00:00Z" || p["valid_to"] != nil {
		t.Errorf("publish answered %v", p)
	}
	if got := zonesAtIDs(t, ts, apitest.TestPoint, ""); !slices.Contains(got, "coal_ban/cb-new@1") {
		t.Errorf("published zone not seen by /v1/zones/at: %v", got)
	}
	if r := call(t, ts, http.MethodGet, "/collections/coal_ban/items/cb-new", "", ""); r.status != http.StatusOK || r.header.Get("ETag") != `"coal_ban/cb-new/1"` {
		t.Errorf("published item: %d ETag %q", r.status, r.header.Get("ETag"))
	}
	if !tileHas(t, ts, apitest.TestPoint, "cb-new") {
		t.Errorf("published zone not in the tile")
	}
	if r := call(t, ts, http.MethodPost, "/v1/zones/coal_ban/cb-new/publish", editor, `{}`); r.status != http.StatusNotFound {
		t.Errorf("publish without a draft: %d, want 404", r.status)
	}

	// Every change is in the audit log by the token's name, and the chain verifies.
	entries, err := ts.Store.Audit(context.Background(), data.AuditFilter{Layer: "coal_ban"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.ZoneID == "cb-new" {
			got = append(got, fmt.Sprintf("%s %s v%d", e.Actor, e.Action, e.Version))
		}
	}
	if want := []string{"ecology-li create v1", "ecology-li publish v1"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("audit = %v, want %v", got, want)
	}
	all, err := ts.Store.Audit(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := data.VerifyAudit(all); err != nil {
		t.Errorf("audit chain: %v", err)
	}
}

// createPublished creates id as a draft and publishes it valid from from;
// it returns the published version's ETag.
func createPublished(t *testing.T, ts *apitest.Server, token, id string, c orb.Point, d float64, from string) string {
	t.Helper()
	if r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", token, apitest.Square(id, id, c, d)); r.status != http.StatusCreated {
		t.Fatalf("create %s: %d %s", id, r.status, r.body)
	}
	r := call(t, ts, http.MethodPost, "/v1/zones/coal_ban/"+id+"/publish", token, fmt.Sprintf(`{"valid_from":%q}`, from))
	if r.status != http.StatusOK {
		t.Fatalf("publish %s: %d %s", id, r.status, r.body)
	}
	return r.header.Get("ETag")
}

func TestEditPreconditions(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	etag := createPublished(t, ts, editor, "cb-pre", apitest.TestPoint, 0.01, "2020-01-01")
	path := "/collections/coal_ban/items/cb-pre"
	body := apitest.Square("", "changed", apitest.TestPoint, 0.02)

	cases := []struct {
		name, method, ifMatch, body string
		status                      int
		code                        string
	}{
		{"PUT without If-Match", http.MethodPut, "", body, http.StatusPreconditionRequired, "precondition_required"},
		{"PATCH without If-Match", http.MethodPatch, "", `{"properties":{"a":1}}`, http.StatusPreconditionRequired, "precondition_required"},
		{"DELETE without If-Match", http.MethodDelete, "", "", http.StatusPreconditionRequired, "precondition_required"},
		{"PUT stale", http.MethodPut, `"coal_ban/cb-pre/7"`, body, http.StatusPreconditionFailed, "precondition_failed"},
		{"PATCH weak", http.MethodPatch, `W/"coal_ban/cb-pre/1"`, `{"properties":{"a":1}}`, http.StatusPreconditionFailed, "precondition_failed"},
		{"DELETE stale", http.MethodDelete, `"coal_ban/other/1"`, "", http.StatusPreconditionFailed, "precondition_failed"},
		{"PUT unknown feature", http.MethodPut, etag, body, http.StatusNotFound, "unknown_feature"},
		{"PUT other id in body", http.MethodPut, etag, apitest.Square("cb-other", "x", apitest.TestPoint, 0.01), http.StatusBadRequest, "id_mismatch"},
		{"PUT malformed JSON", http.MethodPut, etag, `{"type":"Feature",`, http.StatusBadRequest, "invalid_json"},
		{"PATCH other member", http.MethodPatch, etag, `{"id":"x"}`, http.StatusBadRequest, "invalid_patch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := path
			if c.code == "unknown_feature" {
				p = "/collections/coal_ban/items/cb-missing"
			}
			var h []string
			if c.ifMatch != "" {
				h = []string{"If-Match", c.ifMatch}
			}
			r := call(t, ts, c.method, p, editor, c.body, h...)
			if code, _ := r.errorBody(t); r.status != c.status || code != c.code {
				t.Errorf("%d %s, want %d %s: %s", r.status, code, c.status, c.code, r.body)
			}
		})
	}

	// A PUT with the current ETag makes draft 2 carrying version 1's validity.
	r := call(t, ts, http.MethodPut, path, editor, body, "If-Match", etag)
	if _, p := r.feature(t); r.status != http.StatusOK || r.header.Get("ETag") != `"coal_ban/cb-pre/2"` ||
		p["status"] != "draft" || p["name"] != "changed" || p["valid_from"] != "2019-12-31T16:00:00Z" {
		t.Fatalf("PUT: %d %q %v", r.status, r.header.Get("ETag"), p)
	}
	// A merge patch changes one property, removes another, keeps the rest.
	r = call(t, ts, http.MethodPatch, path, editor, `{"properties":{"decree":"临政发〔2020〕4号","source":null}}`,
		"If-Match", `"coal_ban/cb-pre/2"`, "Content-Type", "application/merge-patch+json")
	_, p := r.feature(t)
	if r.status != http.StatusOK || r.header.Get("ETag") != `"coal_ban/cb-pre/3"` || p["decree"] != "临政发〔2020〕4号" ||
		p["source"] != nil || p["name"] != "changed" || p["valid_from"] != "2019-12-31T16:00:00Z" {
		t.Fatalf("PATCH: %d %q %v", r.status, r.header.Get("ETag"), p)
	}
	// The published version 1 is still what readers see.
	if got := zonesAtIDs(t, ts, apitest.TestPoint, ""); !slices.Contains(got, "coal_ban/cb-pre@1") {
		t.Errorf("readers lost the published version: %v", got)
	}
}

// TestEditRace has two editors send the same If-Match at once, several
// times: exactly one wins each round and the loser gets 412; the winner's
// change is the latest version (no lost update).
func TestEditRace(t *testing.T) {
	ts := apitest.New(t)
	a := apitest.CreateToken(t, ts.Store, "editor-a", data.RoleEditor)
	b := apitest.CreateToken(t, ts.Store, "editor-b", data.RoleEditor)
	etag := createPublished(t, ts, a, "cb-race", apitest.TestPoint, 0.01, "2020-01-01")
	path := "/collections/coal_ban/items/cb-race"
	for round := 1; round <= 8; round++ {
		var wg sync.WaitGroup
		res := make([]editResponse, 2)
		for i, tok := range []string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("round %d by %d", round, i)
				if i == 0 {
					res[i] = call(t, ts, http.MethodPut, path, tok, apitest.Square("", name, apitest.TestPoint, 0.02), "If-Match", etag)
				} else {
					res[i] = call(t, ts, http.MethodPatch, path, tok, fmt.Sprintf(`{"properties":{"name":%q}}`, name), "If-Match", etag)
				}
			}()
		}
		wg.Wait()
		var winner = -1
		for i, r := range res {
			switch r.status {
			case http.StatusOK:
				if winner >= 0 {
					t.Fatalf("round %d: both editors won", round)
				}
				winner = i
			case http.StatusPreconditionFailed:
			default:
				t.Fatalf("round %d editor %d: %d %s", round, i, r.status, r.body)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: nobody won: %d %d", round, res[0].status, res[1].status)
		}
		want := fmt.Sprintf(`"coal_ban/cb-race/%d"`, round+1)
		if got := res[winner].header.Get("ETag"); got != want {
			t.Fatalf("round %d: winner's ETag %s, want %s", round, got, want)
		}
		latest, err := ts.Store.Zone(context.Background(), "coal_ban", "cb-race")
		if err != nil {
			t.Fatal(err)
		}
		if wantName := fmt.Sprintf("round %d by %d", round, winner); latest.Name != wantName || latest.Version != int64(round+1) {
			t.Fatalf("round %d: latest is v%d %q, want v%d %q", round, latest.Version, latest.Name, round+1, wantName)
		}
		etag = want
	}
}

func TestEditValidation(t *testing.T) {
	ts := apitest.New(t)
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	feature := func(geom string) string {
		return `{"type":"Feature","properties":{"name":"x"},"geometry":` + geom + `}`
	}
	cases := []struct {
		name, body string
		status     int
		code       string
		details    string // JSON of error.details
	}{
		{"self-intersecting bow tie",
			feature(`{"type":"Polygon","coordinates":[[[111.0,35.0],[111.1,35.1],[111.1,35.0],[111.0,35.1],[111.0,35.0]]]}`),
			422, "invalid_geometry", `{"location":[111.05,35.05],"polygon":0,"problem":"self_intersection","ring":0,"vertex":1}`},
		{"hole outside its shell",
			feature(`{"type":"Polygon","coordinates":[[[111.0,35.0],[111.1,35.0],[111.1,35.1],[111.0,35.1],[111.0,35.0]],[[112.0,35.0],[112.01,35.0],[112.01,35.01],[112.0,35.0]]]}`),
			422, "invalid_geometry", ``},
		{"too few points",
			feature(`{"type":"Polygon","coordinates":[[[111.0,35.0],[111.1,35.0],[111.0,35.0]]]}`),
			422, "invalid_geometry", ``},
		{"longitude out of range",
			feature(`{"type":"Polygon","coordinates":[[[181.0,35.0],[181.1,35.0],[181.1,35.1],[181.0,35.0]]]}`),
			422, "invalid_geometry", ``},
		{"point in a polygon layer", feature(`{"type":"Point","coordinates":[111.0,35.0]}`), 422, "invalid_geometry", ``},
		{"bad id", `{"type":"Feature","id":"a b/c","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,35.0],[111.1,35.0],[111.1,35.1],[111.0,35.0]]]}}`,
			422, "invalid_feature", ``},
		{"malformed JSON", `{"type":"Feature","geometry":`, 400, "invalid_json", ``},
		{"not a feature", `[1,2]`, 400, "invalid_json", ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, c.body)
			code, details := r.errorBody(t)
			if r.status != c.status || code != c.code {
				t.Fatalf("%d %s, want %d %s: %s", r.status, code, c.status, c.code, r.body)
			}
			if c.code == "invalid_geometry" {
				for _, k := range []string{"problem", "polygon", "ring", "vertex", "location"} {
					if _, ok := details[k]; !ok {
						t.Errorf("details lack %s: %s", k, r.body)
					}
				}
			}
			if c.details != "" {
				got, _ := json.Marshal(details)
				if string(got) != c.details {
					t.Errorf("details %s, want %s", got, c.details)
				}
			}
		})
	}
}

// TestEditVertexLimit: the configured vertex cap (serve --max-vertices)
// applies to edits.
func TestEditVertexLimit(t *testing.T) {
	ts := apitest.New(t, func(o *api.Options) { o.Limits.MaxVertices = 6 })
	editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
	square := `{"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[111.0,35.0],[111.1,35.0],[111.1,35.1],[111.0,35.1],[111.0,35.0]]]}}`
	if r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, square); r.status != http.StatusCreated {
		t.Fatalf("5-vertex square: %d %s", r.status, r.body)
	}
	octagon := `{"type":"Feature","properties":{"name":"big"},"geometry":{"type":"Polygon","coordinates":[[[111.0,35.0],[111.05,34.98],[111.1,35.0],[111.12,35.05],[111.1,35.1],[111.05,35.12],[111.0,35.1],[110.98,35.05],[111.0,35.0]]]}}`
	r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, octagon)
	code, details := r.errorBody(t)
	if r.status != http.StatusUnprocessableEntity || code != "too_many_vertices" || details["problem"] != "too_many_vertices" {
		t.Fatalf("9-vertex polygon under a cap of 6: %d %s %v", r.status, code, details)
	}
}
