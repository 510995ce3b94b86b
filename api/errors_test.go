package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

type errorAnswer struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func TestMalformedInputGets4xx(t *testing.T) {
	ts := apitest.New(t)
	okCheck := `{"position":[111.5186,36.0880],"cargo":{"fuel":"coal"},"destination":{"category":"residential"}}`
	big := `{"points":[` + strings.Repeat(`[111.5,36.0],`, 900_000) + `[111.5,36.0]]}`
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field                     string
	}{
		{"NoLon", "GET", "/v1/zones/at?lat=36", "", "", 400, "invalid_point", "lon"},
		{"LonNotNumber", "GET", "/v1/zones/at?lon=abc&lat=36", "", "", 400, "invalid_point", "lon"},
		{"LonNaN", "GET", "/v1/zones/at?lon=NaN&lat=36", "", "", 400, "invalid_point", "lon"},
		{"LonInf", "GET", "/v1/zones/at?lon=Inf&lat=36", "", "", 400, "invalid_point", "lon"},
		{"LatOutOfRange", "GET", "/v1/zones/at?lon=111&lat=91", "", "", 400, "invalid_point", "lat"},
		{"BadTime", "GET", "/v1/zones/at?lon=111&lat=36&at=yesterday", "", "", 400, "invalid_time", "at"},
		{"BadCRS", "GET", "/v1/zones/at?lon=111&lat=36&crs=epsg3857", "", "", 400, "invalid_crs", "crs"},
		{"UnknownLayer", "GET", "/v1/zones/at?lon=111&lat=36&layers=nope", "", "", 400, "unknown_layer", "layers"},
		{"BatchBrokenJSON", "POST", "/v1/zones/at", "application/json", `{"points":[[1,2]`, 400, "invalid_json", ""},
		{"BatchEmptyBody", "POST", "/v1/zones/at", "application/json", ``, 400, "invalid_json", ""},
		{"BatchNaNLiteral", "POST", "/v1/zones/at", "application/json", `{"points":[[NaN,1]]}`, 400, "invalid_points", "points[0]"},
		{"BatchPlusNumber", "POST", "/v1/zones/at", "application/json", `{"points":[[+1,1]]}`, 400, "invalid_points", "points[0]"},
		{"BatchHexNumber", "POST", "/v1/zones/at", "application/json", `{"points":[[0x10,1]]}`, 400, "invalid_points", "points[0]"},
		{"BatchAtWrongType", "POST", "/v1/zones/at", "application/json", `{"points":[],"at":5}`, 400, "invalid_type", "at"},
		{"BatchLayersWrongType", "POST", "/v1/zones/at", "application/json", `{"points":[],"layers":"coal_ban"}`, 400, "invalid_type", "layers"},
		{"BatchBrokenMember", "POST", "/v1/zones/at", "application/json", `{"points":[],"at":"x`, 400, "invalid_json", ""},
		{"BatchNotObject", "POST", "/v1/zones/at", "application/json", `[1,2]`, 400, "invalid_type", ""},
		{"BatchBadKey", "POST", "/v1/zones/at", "application/json", `{points:[]}`, 400, "invalid_json", ""},
		{"BatchHugeNumber", "POST", "/v1/zones/at", "application/json", `{"points":[[1e999,1]]}`, 400, "invalid_points", "points[0]"},
		{"BatchTriple", "POST", "/v1/zones/at", "application/json", `{"points":[[1,2],[1,2,3]]}`, 400, "invalid_points", "points[1]"},
		{"BatchString", "POST", "/v1/zones/at", "application/json", `{"points":[["1","2"]]}`, 400, "invalid_points", "points[0]"},
		{"BatchOutOfRange", "POST", "/v1/zones/at", "application/json", `{"points":[[1,2],[181,2]]}`, 400, "invalid_point", "points[1].lon"},
		{"BatchNotArray", "POST", "/v1/zones/at", "application/json", `{"points":{"a":1}}`, 400, "invalid_points", "points"},
		{"BatchMissing", "POST", "/v1/zones/at", "application/json", `{}`, 400, "invalid_points", "points"},
		{"BatchUnknownField", "POST", "/v1/zones/at", "application/json", `{"points":[],"pionts":[]}`, 400, "unknown_field", "pionts"},
		{"BatchTrailingData", "POST", "/v1/zones/at", "application/json", `{"points":[]} {}`, 400, "invalid_json", ""},
		{"BatchWrongContentType", "POST", "/v1/zones/at", "text/plain", `{"points":[]}`, 415, "unsupported_media_type", ""},
		{"BatchTooLarge", "POST", "/v1/zones/at", "application/json", big, 413, "body_too_large", ""},
		{"CheckNoLocation", "POST", "/v1/checks/coal-truck", "application/json", `{"cargo":{"fuel":"coal"}}`, 400, "missing_location", "position"},
		{"CheckPositionTriple", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[1,2,3]}`, 400, "invalid_point", "position"},
		{"CheckPositionLat", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,-95]}`, 400, "invalid_point", "position.lat"},
		{"CheckPositionString", "POST", "/v1/checks/coal-truck", "application/json", `{"position":"111,36"}`, 400, "invalid_type", "position"},
		{"CheckRouteType", "POST", "/v1/checks/coal-truck", "application/json", `{"route":{"type":"Polygon","coordinates":[]}}`, 400, "invalid_route", "route.type"},
		{"CheckRouteShort", "POST", "/v1/checks/coal-truck", "application/json", `{"route":{"type":"LineString","coordinates":[[111,36]]}}`, 400, "invalid_route", "route.coordinates"},
		{"CheckRouteBadVertex", "POST", "/v1/checks/coal-truck", "application/json", `{"route":{"type":"LineString","coordinates":[[111,36],[111,100]]}}`, 400, "invalid_point", "route.coordinates[1].lat"},
		{"CheckFuel", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"cargo":{"fuel":"wood"}}`, 400, "invalid_cargo", "cargo.fuel"},
		{"CheckSulfurNegative", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"cargo":{"fuel":"coal","sulfur_pct":-1}}`, 400, "invalid_cargo", "cargo.sulfur_pct"},
		{"CheckAshOver100", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"cargo":{"fuel":"coal","ash_pct":101}}`, 400, "invalid_cargo", "cargo.ash_pct"},
		{"CheckDestination", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"destination":{"category":"moon"}}`, 400, "invalid_destination", "destination.category"},
		{"CheckDocumentsType", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"documents":{"supply_contract":"yes"}}`, 400, "invalid_type", "documents.supply_contract"},
		{"CheckUnknownField", "POST", "/v1/checks/coal-truck", "application/json", `{"positon":[111,36]}`, 400, "unknown_field", "positon"},
		{"CheckLongPlate", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"plate":"` + strings.Repeat("晋", 65) + `"}`, 400, "invalid_field", "plate"},
		{"CheckBadCRS", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"crs":"utm"}`, 400, "invalid_crs", "crs"},
		{"CheckBadAt", "POST", "/v1/checks/coal-truck", "application/json", `{"position":[111,36],"at":"2020-13-01"}`, 400, "invalid_time", "at"},
		{"CheckArrayBody", "POST", "/v1/checks/coal-truck", "application/json", `[]`, 400, "invalid_type", ""},
		{"CheckWrongMethod", "GET", "/v1/checks/coal-truck", "", "", 405, "method_not_allowed", ""},
		{"CheckValidStillWorks", "POST", "/v1/checks/coal-truck", "application/json", okCheck, 200, "", ""},
		{"InspectionsBadDecision", "GET", "/v1/inspections?decision=maybe", "", "", 400, "invalid_decision", "decision"},
		{"InspectionsBadLimit", "GET", "/v1/inspections?limit=0", "", "", 400, "invalid_limit", "limit"},
		{"InspectionsBadFrom", "GET", "/v1/inspections?from=soon", "", "", 400, "invalid_time", "from"},
		{"NoSuchEndpoint", "GET", "/v1/nothing", "", "", 404, "not_found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, ctype, body := ts.Do(t, tc.method, tc.path, tc.ctype, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if status == 200 {
				return
			}
			if !strings.HasPrefix(ctype, "application/json") {
				t.Errorf("content type %q", ctype)
			}
			var e errorAnswer
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body is not the error shape: %v: %s", err, body)
			}
			if e.Error.Code != tc.code || e.Error.Field != tc.field || e.Error.Message == "" {
				t.Errorf("error = %+v, want code %q field %q", e.Error, tc.code, tc.field)
			}
		})
	}
	// Nothing stored was lost: the demo zones still answer.
	var got zonesAnswer
	ts.GetJSON(t, "/v1/zones/at?lon=111.5186&lat=36.0880&layers=coal_ban", &got)
	if len(got.Zones) != 1 {
		t.Fatalf("after bad input the coal-ban zone is gone: %+v", got)
	}
}

func FuzzZonesAtBatch(f *testing.F) {
	ts := apitest.New(f)
	for _, seed := range []string{`{"points":[[111.5,36.1]]}`, `{"points":[]}`, `{"points":null}`, `{"points":[[1,2],[3,4]],"layers":["coal_ban"],"at":"2020-01-01","crs":"bd09"}`, `[`, `{"points":[[1e5,-0]]}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		status, _, resp := ts.Do(t, http.MethodPost, "/v1/zones/at", "application/json", body)
		if status >= 500 {
			t.Fatalf("status %d for %q: %s", status, body, resp)
		}
		if status == 200 && !json.Valid(resp) {
			t.Fatalf("invalid JSON answer for %q: %s", body, resp)
		}
	})
}

func FuzzCoalTruckCheck(f *testing.F) {
	ts := apitest.New(f)
	for _, seed := range []string{
		`{"position":[111.5186,36.0880],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"}}`,
		`{"route":{"type":"LineString","coordinates":[[111.40,36.00],[111.52,36.09]]},"crs":"gcj02"}`,
		`{"position":[0,0],"at":"2020-11-01"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		status, _, resp := ts.Do(t, http.MethodPost, "/v1/checks/coal-truck", "application/json", body)
		if status >= 500 {
			t.Fatalf("status %d for %q: %s", status, body, resp)
		}
	})
}
