package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

var publishTests = []test{
	{"AuditsEveryVersion", func(t *testing.T, s data.Store) {
		setup(t, s)
		cst := time.FixedZone("CST", 8*3600)
		prelim := coalZone("z")
		prelim.Validity.From = time.Date(2020, 5, 15, 0, 0, 0, 0, cst)
		if err := data.PublishAs(t.Context(), s, "editor-1", "", []*geo.Zone{prelim}); err != nil {
			t.Fatalf("PublishAs(preliminary): %v", err)
		}
		final := coalZone("z")
		final.Properties = map[string]any{"gazette": "4/2020"}
		final.Validity.From = time.Date(2020, 10, 15, 0, 0, 0, 0, cst)
		if err := data.PublishAs(t.Context(), s, "editor-2", data.ActionImport, []*geo.Zone{final}); err != nil {
			t.Fatalf("PublishAs(final): %v", err)
		}
		all := auditLog(t, s)
		type row struct {
			actor, action string
			version       int64
			before, after string
		}
		var got []row
		for _, e := range all {
			got = append(got, row{e.Actor, e.Action, e.Version, string(e.Before), string(e.After)})
		}
		const gh = `"geometry_sha256":"` + squareHash + `"`
		v1 := `{` + gh + `,"name":"zone z","status":"published","valid_from":"2020-05-14T16:00:00Z"}`
		v1closed := `{` + gh + `,"name":"zone z","status":"published","valid_from":"2020-05-14T16:00:00Z","valid_to":"2020-10-14T16:00:00Z"}`
		v2 := `{` + gh + `,"name":"zone z","properties":{"gazette":"4/2020"},"status":"published","valid_from":"2020-10-14T16:00:00Z"}`
		want := []row{
			{"editor-1", data.ActionPublish, 1, "", v1},
			{"editor-2", data.ActionImport, 2, v1, v2},
			{"editor-2", data.ActionUpdate, 1, v1, v1closed},
		}
		if !slices.Equal(got, want) {
			t.Errorf("audit rows:\n%+v\nwant\n%+v", got, want)
		}
		if err := data.VerifyAudit(all); err != nil {
			t.Errorf("VerifyAudit: %v", err)
		}
	}},
}

// squareHash is data.GeometrySHA256 of coalZone's polygon: SHA-256 of its
// little-endian WKB, computed independently (Python struct + hashlib).
const squareHash = "29ec405bb783e381ee2e07adee449a3cc26fab8c46f523c8506eba4f93f52832"
