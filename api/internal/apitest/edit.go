package apitest

import (
	"context"
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// TestPoint is inside no demo coal-ban zone's edge cases: the zones the
// editing tests create are squares around it.
var TestPoint = orb.Point{111.3, 35.9}

// Square is a GeoJSON polygon feature: a square of half-side d around c,
// with id ("" for none) and name.
func Square(id, name string, c orb.Point, d float64) string {
	idPart := ""
	if id != "" {
		idPart = fmt.Sprintf(`"id":%q,`, id)
	}
	return fmt.Sprintf(`{"type":"Feature",%s"properties":{"name":%q,"source":"survey"},"geometry":{"type":"Polygon","coordinates":[[[%[3]g,%[4]g],[%[5]g,%[4]g],[%[5]g,%[6]g],[%[3]g,%[6]g],[%[3]g,%[4]g]]]}}`,
		idPart, name, c[0]-d, c[1]-d, c[0]+d, c[1]+d)
}

// EditDraft appends a draft version of coal_ban/matrix-edit to the store
// and returns an If-Match header pair for it: the role matrix's
// preparation of the editing routes.
func EditDraft(t testing.TB, s *Server) []string {
	t.Helper()
	c := TestPoint
	z := &geo.Zone{Layer: "coal_ban", ID: "matrix-edit", Kind: geo.KindCoalBan, Name: "matrix", Status: geo.StatusDraft,
		Geometry: orb.Polygon{{{c[0], c[1]}, {c[0] + 0.01, c[1]}, {c[0] + 0.01, c[1] + 0.01}, {c[0], c[1] + 0.01}, {c[0], c[1]}}}}
	if err := s.Store.Commit(context.Background(), data.Batch{Append: []*geo.Zone{z}}); err != nil {
		t.Fatal(err)
	}
	return []string{"If-Match", fmt.Sprintf(`"coal_ban/matrix-edit/%d"`, z.Version)}
}
