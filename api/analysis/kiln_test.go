package analysis_test

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
	"github.com/zonegate/zonegate/geo/crs"
)

func TestKilnCapacityDemo(t *testing.T) {
	ts := apitest.New(t)
	var got struct {
		Layer    string                `json:"layer"`
		Counties []kiln.CountyCapacity `json:"counties"`
		Total    kiln.CapacityTotal    `json:"total"`
		Invalid  []string              `json:"invalid"`
	}
	ts.GetJSON(t, "/v1/analysis/kiln-capacity", &got)
	want := map[string]struct {
		name     string
		kilns    int
		capacity float64
		over     bool
	}{
		"141002": {"尧都区", 8, 2.8e8, false},
		"141023": {"襄汾县", 6, 2.5e8, false},
		"141024": {"洪洞县", 6, 3.6e8, true},
	}
	if got.Layer != "kilns" || len(got.Counties) != len(want) || got.Invalid == nil || len(got.Invalid) != 0 {
		t.Fatalf("got %+v", got)
	}
	for _, c := range got.Counties {
		w, ok := want[c.County]
		if !ok || c.Name != w.name || c.Kilns != w.kilns || c.Capacity != w.capacity || c.OverCap != w.over ||
			c.Cap == nil || *c.Cap != 3e8 {
			t.Errorf("county %+v, want %+v", c, w)
		}
	}
	if got.Total.Capacity != 8.9e8 || got.Total.Cap != 9e8 || got.Total.Kilns != 20 || got.Total.OverCap {
		t.Errorf("total %+v", got.Total)
	}
}

func TestKilnCapacityConfiguredCaps(t *testing.T) {
	ts := apitest.New(t, func(o *api.Options) { o.Kiln.Caps = kiln.Caps{"141002": 2e8} })
	var got struct {
		Counties []kiln.CountyCapacity `json:"counties"`
		Total    kiln.CapacityTotal    `json:"total"`
	}
	ts.GetJSON(t, "/v1/analysis/kiln-capacity", &got)
	for _, c := range got.Counties {
		if c.County == "141002" && (!c.OverCap || *c.Cap != 2e8) {
			t.Errorf("尧都区 %+v: want over a 2e8 cap", c)
		}
		if c.County == "141024" && (c.Cap != nil || c.OverCap) {
			t.Errorf("洪洞县 %+v: want uncapped", c)
		}
	}
	if got.Total.Cap != 2e8 || !got.Total.OverCap {
		t.Errorf("total %+v", got.Total)
	}
}

func TestKilnSite(t *testing.T) {
	ts := apitest.New(t)
	cases := []struct {
		name     string
		body     string
		suitable bool
		inside   bool
		area     string
		nearest  string
	}{
		{"Linfen centre", `{"position":[111.5186,36.0880]}`, false, true, "", "bu-141002"},
		{"relocation area south-east of 洪洞", `{"position":[111.7910,36.1630]}`, true, false, "kt-hongtong-zhaocheng", "bu-141024"},
		{"GCJ-02 input", `{"position":[111.5186,36.0880],"crs":"gcj02"}`, false, true, "", "bu-141002"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got kiln.SiteResult
			ts.PostJSON(t, "/v1/analysis/kiln-site", tc.body, &got)
			if got.Suitable != tc.suitable || got.InsideBuiltUp != tc.inside || got.DistanceM == nil ||
				got.NearestBuiltUp == nil || got.NearestBuiltUp.ID != tc.nearest {
				t.Fatalf("got %+v", got)
			}
			if tc.inside != (*got.DistanceM == 0) {
				t.Errorf("distance %v with inside %v", *got.DistanceM, tc.inside)
			}
			if id := ""; got.SuggestedArea != nil {
				id = got.SuggestedArea.ID
				if id != tc.area {
					t.Errorf("area %q, want %q", id, tc.area)
				}
			} else if tc.area != "" {
				t.Errorf("no area, want %q", tc.area)
			}
			codes := map[string]bool{}
			for _, c := range got.Criteria {
				codes[c.Code] = true
			}
			for _, c := range []string{kiln.CodeMinDistance, kiln.CodeSuggestedArea, kiln.CodeDownwind} {
				if !codes[c] {
					t.Errorf("criterion %s missing: %+v", c, got.Criteria)
				}
			}
		})
	}
}

// TestKilnSiteDistanceMatchesLibrary: the endpoint answers what geo/analysis/kiln
// computes on the same zones, rounded to the centimetre.
func TestKilnSiteDistanceMatchesLibrary(t *testing.T) {
	ts := apitest.New(t)
	var got kiln.SiteResult
	ts.PostJSON(t, "/v1/analysis/kiln-site", `{"position":[111.30,36.20]}`, &got)
	d, _ := crs.GeodesicInverse(got.Position, *got.NearestPoint)
	if math.Abs(d-*got.DistanceM) > 0.005 || *got.DistanceM < 10000 {
		t.Errorf("distance %v, nearest point at %v", *got.DistanceM, d)
	}
}

func TestKilnSiteBadInput(t *testing.T) {
	ts := apitest.New(t)
	cases := []struct {
		name, body, contentType string
		status                  int
		code, field             string
	}{
		{"empty body", ``, "application/json", 400, "invalid_json", ""},
		{"no position", `{}`, "application/json", 400, "missing_location", "position"},
		{"one number", `{"position":[111]}`, "application/json", 400, "invalid_point", "position"},
		{"latitude out of range", `{"position":[111,91]}`, "application/json", 400, "invalid_point", "position.lat"},
		{"longitude out of range", `{"position":[181,36]}`, "application/json", 400, "invalid_point", "position.lon"},
		{"string position", `{"position":"111,36"}`, "application/json", 400, "invalid_type", "position"},
		{"unknown crs", `{"position":[111,36],"crs":"mars"}`, "application/json", 400, "invalid_crs", "crs"},
		{"bad time", `{"position":[111,36],"at":"yesterday"}`, "application/json", 400, "invalid_time", "at"},
		{"unknown field", `{"positon":[111,36]}`, "application/json", 400, "unknown_field", "positon"},
		{"not JSON", `{"position":[111,36]}`, "text/plain", 415, "unsupported_media_type", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodPost, "/v1/analysis/kiln-site", tc.contentType, tc.body)
			var e struct {
				Error struct{ Code, Field string } `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if status != tc.status || e.Error.Code != tc.code || e.Error.Field != tc.field {
				t.Errorf("status %d %+v, want %d %s field %q", status, e.Error, tc.status, tc.code, tc.field)
			}
		})
	}
	status, _, body := ts.Do(t, http.MethodGet, "/v1/analysis/kiln-capacity?at=never", "", "")
	if status != 400 || !strings.Contains(string(body), `"field":"at"`) {
		t.Errorf("capacity with a bad time: %d %s", status, body)
	}
}
