package ogc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// offsetTrianglesFeature is issue 11's request body: a MultiPolygon of n
// triangles, each shifted 1e-6° from the last, so every part overlaps
// every other (n = 8,000 is 533 KB).
func offsetTrianglesFeature(id string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"type":"Feature","id":%q,"properties":{"name":"pathological"},"geometry":{"type":"MultiPolygon","coordinates":[`, id)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		d := float64(i) * 1e-6
		fmt.Fprintf(&b, "[[[%.6f,35],[%.6f,35],[%.6f,35.1],[%.6f,35]]]", 111+d, 111.1+d, 111.1+d, 111+d)
	}
	b.WriteString("]}}")
	return b.String()
}

// TestEditPathologicalMultiPolygon posts issue 11's 8,000 overlapping
// triangles through the real server: with the default limits validation
// stops at the first overlap (it used to take gigabytes and minutes), and
// with serve --max-parts below 8,000 the request is refused on the count
// alone. Either way the answer is an exact 422 and nothing is stored.
func TestEditPathologicalMultiPolygon(t *testing.T) {
	t.Parallel()
	body := offsetTrianglesFeature("pathological", 8000)
	cases := []struct {
		name     string
		maxParts int
		code     string
		message  string
		problem  string
	}{
		{"default limits: first overlap", 0, "invalid_geometry",
			"polygon 1 ring 0 vertex 1: polygons_overlap at (111.000001, 35): polygons 0 and 1 overlap: " +
				"edge 0-1 of polygon 1 ring 0 and edge 0-1 of polygon 0 ring 0 overlap",
			"polygons_overlap"},
		{"max-parts 1000", 1000, "too_many_parts", "too_many_parts: MultiPolygon has 8000 parts; the limit is 1000", "too_many_parts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ts := apitest.New(t, func(o *api.Options) { o.Limits.MaxParts = c.maxParts })
			editor := apitest.CreateToken(t, ts.Store, "ecology-li", data.RoleEditor)
			r := call(t, ts, http.MethodPost, "/collections/coal_ban/items", editor, body)
			var e struct {
				Error struct {
					Code    string         `json:"code"`
					Message string         `json:"message"`
					Field   string         `json:"field"`
					Details map[string]any `json:"details"`
				} `json:"error"`
			}
			if err := json.Unmarshal(r.body, &e); err != nil {
				t.Fatalf("status %d: not the error shape: %v: %.300s", r.status, err, r.body)
			}
			if r.status != http.StatusUnprocessableEntity || e.Error.Code != c.code || e.Error.Field != "geometry" ||
				e.Error.Details["problem"] != c.problem {
				t.Fatalf("got %d %s field %q problem %v, want 422 %s field geometry problem %s: %.300s",
					r.status, e.Error.Code, e.Error.Field, e.Error.Details["problem"], c.code, c.problem, r.body)
			}
			if !strings.HasSuffix(e.Error.Message, c.message) {
				t.Errorf("message %q, want it to end with %q", e.Error.Message, c.message)
			}
			if _, err := ts.Store.Zone(context.Background(), "coal_ban", "pathological"); !errors.Is(err, data.ErrNotFound) {
				t.Fatalf("the refused feature was stored (or the read failed): %v", err)
			}
		})
	}
}
