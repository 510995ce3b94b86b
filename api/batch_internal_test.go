package api

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecodeBatch checks the hand-written batch parser against
// encoding/json: whatever it accepts must be valid JSON that encoding/json
// decodes to the same points, layers, at and crs.
func FuzzDecodeBatch(f *testing.F) {
	for _, seed := range []string{
		`{"points":[[111.5,36.1],[0,-0.5e1]],"at":"2020-01-01","crs":"gcj02","layers":["a","b"]}`,
		`{"points":[]}`, `{"points":null}`, ` { "layers" : [ ] , "points" : [ [ 1 , 2 ] ] } `,
		`{"points":[[1,2]],"points":[[3,4]]}`, `{"at":"\u0032020"}`, `{"\u0070oints":[[1,2]]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/v1/zones/at", strings.NewReader(body))
		got, err := decodeBatch(httptest.NewRecorder(), r, 1<<20, 1000)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T for %q: %v", err, body, err)
			}
			return
		}
		var want struct {
			Points [][]float64 `json:"points"`
			At     string      `json:"at"`
			CRS    string      `json:"crs"`
			Layers []string    `json:"layers"`
		}
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("accepted %q, which encoding/json rejects: %v", body, err)
		}
		if len(want.Points) != len(got.Points.pts) || want.At != got.At || want.CRS != got.CRS || strings.Join(want.Layers, ",") != strings.Join(got.Layers, ",") {
			t.Fatalf("%q: got %+v, encoding/json says %+v", body, got, want)
		}
		for i, p := range want.Points {
			g := got.Points.pts[i]
			if len(p) != 2 || math.Float64bits(p[0]) != math.Float64bits(g[0]) || math.Float64bits(p[1]) != math.Float64bits(g[1]) {
				t.Fatalf("%q: point %d = %v, encoding/json says %v", body, i, g, p)
			}
		}
	})
}
