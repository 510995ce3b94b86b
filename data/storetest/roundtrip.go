package storetest

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// awkward are coordinates whose decimal forms are long: any lossy encoding
// (text with few digits, float32) changes them.
var awkward = []float64{
	111.51860000000001, math.Nextafter(36.088, 37), 0.1 + 0.2, 1.0 / 3, -0.0000001234567891234,
}

var roundTripTests = []test{
	{"Geometries", func(t *testing.T, s data.Store) {
		setup(t, s)
		a, b, c, d, e := awkward[0], awkward[1], awkward[2], awkward[3], awkward[4]
		hole := orb.Ring{{a + 0.002, b + 0.002}, {a + 0.002, b + 0.004}, {a + 0.004, b + 0.004}, {a + 0.004, b + 0.002}, {a + 0.002, b + 0.002}}
		cases := []struct {
			layer string
			kind  geo.Kind
			g     orb.Geometry
		}{
			{layerCoal, geo.KindCoalBan, orb.Polygon{square(a, b, 0.01), hole}},
			{layerCoal, geo.KindCoalBan, orb.MultiPolygon{{square(a, b, 0.01), hole}, {square(a+c, b, d/10)}}},
			{layerRoutes, geo.KindCoalRoute, orb.LineString{{a, b}, {a + c, b + d}, {a + 2*c, b + e}}},
			{layerRoutes, geo.KindCoalRoute, orb.MultiLineString{{{a, b}, {a + c, b}}, {{a, b + d}, {a + c, b + d}, {a, b + e}}}},
			{layerPoints, geo.KindCheckpoint, orb.Point{a, b}},
			{layerPoints, geo.KindCheckpoint, orb.MultiPoint{{a, b}, {c, d}, {-179.99999999999997, -89.99999999999999}}},
			{layerAny, geo.KindCustom, orb.Polygon{square(-0.5, e, 1)}},
			{layerAny, geo.KindCustom, orb.LineString{{179.99999999999997, 89.99999999999999}, {e, e}}},
		}
		for i, tc := range cases {
			id := "g" + string(rune('a'+i))
			z := &geo.Zone{Layer: tc.layer, ID: id, Kind: tc.kind, Name: id, Geometry: tc.g, Status: geo.StatusDraft}
			commit(t, s, data.Batch{Append: []*geo.Zone{z}})
			got, err := s.Zone(t.Context(), tc.layer, id)
			if err != nil {
				t.Fatalf("Zone(%s): %v", id, err)
			}
			if !sameGeometry(got.Geometry, tc.g) {
				t.Errorf("%s %T: got %#v, want %#v", id, tc.g, got.Geometry, tc.g)
			}
		}
	}},
	{"AllFields", func(t *testing.T, s data.Store) {
		setup(t, s)
		cst := time.FixedZone("CST", 8*3600)
		in := &geo.Zone{
			Layer: layerCoal, ID: "yaodu-1", Kind: geo.KindCoalBan, Name: "尧都区禁煤区（初步）",
			Geometry: orb.Polygon{square(111.5, 36.0, 0.01)},
			Properties: map[string]any{
				"county":  "尧都区",
				"emoji":   "🚚 晋L·12345",
				"quote":   "a\"b\\c\n\t<>&",
				"area":    12.5,
				"count":   float64(3),
				"neg":     -0.25,
				"big":     1e21,
				"tiny":    5e-324,
				"yes":     true,
				"no":      false,
				"nothing": nil,
				"nested":  map[string]any{"list": []any{1.0, "二", nil, map[string]any{"ok": true}}, "empty": map[string]any{}},
				"empty":   []any{},
			},
			Validity: geo.Validity{From: time.Date(2020, 5, 15, 8, 0, 0, 0, cst), To: time.Date(2020, 10, 15, 23, 59, 59, 123_000_000, time.UTC)},
			Status:   geo.StatusPublished, Author: "生态环境局 editor",
		}
		want := *in
		commit(t, s, data.Batch{Append: []*geo.Zone{in}})
		got, err := s.Zone(t.Context(), layerCoal, "yaodu-1")
		if err != nil {
			t.Fatalf("Zone: %v", err)
		}
		if got.Layer != want.Layer || got.ID != want.ID || got.Version != 1 || got.Kind != want.Kind ||
			got.Name != want.Name || got.Status != want.Status || got.Author != want.Author || got.Revision != in.Revision {
			t.Errorf("Zone = %+v, want %+v with version 1, revision %d", got, want, in.Revision)
		}
		if !reflect.DeepEqual(got.Properties, want.Properties) {
			t.Errorf("Properties = %#v\nwant %#v", got.Properties, want.Properties)
		}
		if !got.Validity.From.Equal(want.Validity.From) || !got.Validity.To.Equal(want.Validity.To) ||
			got.Validity.From.Location() != time.UTC || got.Validity.To.Location() != time.UTC {
			t.Errorf("Validity = %v, want %v in UTC", got.Validity, want.Validity)
		}
		if !got.UpdatedAt.Equal(in.UpdatedAt) || got.UpdatedAt.Location() != time.UTC {
			t.Errorf("UpdatedAt = %v, want %v (as set by Commit) in UTC", got.UpdatedAt, in.UpdatedAt)
		}
	}},
	{"TimePrecisionAndZero", func(t *testing.T, s data.Store) {
		setup(t, s)
		from := time.Date(2020, 8, 1, 0, 0, 0, 123_456_789, time.UTC)
		cases := []geo.Validity{
			{},
			{From: from},
			{To: from},
			{From: from, To: from.Add(time.Nanosecond * 1_000_001)},
		}
		for i, v := range cases {
			z := coalZone("t" + string(rune('a'+i)))
			z.Validity = v
			commit(t, s, data.Batch{Append: []*geo.Zone{z}})
			got, err := s.Zone(t.Context(), layerCoal, z.ID)
			if err != nil {
				t.Fatalf("Zone: %v", err)
			}
			if !sameTime(got.Validity.From, v.From) || !sameTime(got.Validity.To, v.To) {
				t.Errorf("case %d: Validity = %+v, want %+v (to the millisecond, UTC, zero kept zero)", i, got.Validity, v)
			}
		}
	}},
	{"NilProperties", func(t *testing.T, s data.Store) {
		setup(t, s)
		commit(t, s, data.Batch{Append: []*geo.Zone{coalZone("z1")}})
		got, err := s.Zone(t.Context(), layerCoal, "z1")
		if err != nil || len(got.Properties) != 0 {
			t.Errorf("Properties = %v, %v; want none", got.Properties, err)
		}
	}},
}
