package ogc_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

// Any query string on the items endpoints is a 200 or a 400 with a valid
// JSON body naming the field: the parameter parsers never panic or fail
// with a 500.
func FuzzOGCItemsQuery(f *testing.F) {
	ts := apitest.New(f)
	for _, q := range []string{
		"", "limit=2", "limit=2&offset=3", "bbox=111,36,112,37", "bbox=170,35,-170,37",
		"bbox=1,2,3,4,5,6", "bbox=NaN,1,2,3", "datetime=2020-05-01", "datetime=../2020-05-15",
		"datetime=2020-01-01/..", "datetime=%2F", "datetime=../..", "limit=99999999999999999999",
		"offset=99999999999999", "f=json", "f=", "x=1", "bbox=1e308,1,2,3", "datetime=2020-13-45",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		for _, path := range []string{"/collections/coal_ban/items", "/collections/counties/items/141002"} {
			req := httptest.NewRequest(http.MethodGet, "http://example.test"+path, nil)
			req.URL.RawQuery = rawQuery
			rec := httptest.NewRecorder()
			ts.API.ServeHTTP(rec, req)
			switch rec.Code {
			case http.StatusOK:
			case http.StatusBadRequest, http.StatusNotFound:
				var e struct {
					Error struct{ Code, Field string }
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
					t.Fatalf("GET %s?%s = %d with body %q (%v)", path, rawQuery, rec.Code, rec.Body, err)
				}
				if rec.Code == http.StatusBadRequest && e.Error.Field == "" {
					t.Fatalf("GET %s?%s = 400 without a field: %s", path, rawQuery, rec.Body)
				}
			default:
				t.Fatalf("GET %s?%s = %d: %s", path, rawQuery, rec.Code, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("GET %s?%s: invalid JSON", path, rawQuery)
			}
		}
	})
}
