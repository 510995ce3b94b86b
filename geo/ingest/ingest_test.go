package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

var coalBan = geo.Layer{ID: "coal_ban", Kind: geo.KindCoalBan, Title: "禁煤区"}

const square = `{"type":"Polygon","coordinates":[[[111,36],[111,36.1],[111.1,36.1],[111.1,36],[111,36]]]}`

func TestCollection(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"z1","properties":{"name":"甲","valid_from":"2020-05-15","valid_to":"2020-10-15T00:00:00+08:00","county":"尧都区","pop":12},"geometry":` + square + `},
	 {"type":"Feature","id":7,"properties":{},"geometry":` + square + `},
	 {"type":"Feature","properties":{"id":"z3"},"geometry":` + square + `},
	 {"type":"Feature","properties":null,"geometry":` + square + `}
	]}`
	var progress []int
	zones, bad, err := ingest.Collection([]byte(doc), coalBan, ingest.Options{Progress: func(done, total int) { progress = append(progress, done*10+total) }})
	if err != nil || len(bad) != 0 {
		t.Fatalf("err %v bad %v", err, bad)
	}
	var ids []string
	for _, z := range zones {
		ids = append(ids, z.ID)
		if z.Layer != "coal_ban" || z.Kind != geo.KindCoalBan || z.Status != geo.StatusDraft {
			t.Errorf("zone %s: layer %s kind %s status %s", z.ID, z.Layer, z.Kind, z.Status)
		}
	}
	if strings.Join(ids, ",") != "z1,7,z3,coal_ban-4" {
		t.Fatalf("ids %v", ids)
	}
	cst := time.FixedZone("", 8*3600)
	z := zones[0]
	if z.Name != "甲" || !z.Validity.From.Equal(time.Date(2020, 5, 15, 0, 0, 0, 0, cst)) || !z.Validity.To.Equal(time.Date(2020, 10, 15, 0, 0, 0, 0, cst)) {
		t.Errorf("z1 name/validity: %q %v", z.Name, z.Validity)
	}
	if len(z.Properties) != 2 || z.Properties["county"] != "尧都区" || z.Properties["pop"] != 12.0 {
		t.Errorf("z1 properties %v", z.Properties)
	}
	// The clockwise input shell was rewound counter-clockwise (RFC 7946).
	if orb.Polygon(z.Geometry.(orb.Polygon))[0].Orientation() != orb.CCW {
		t.Error("shell not counter-clockwise")
	}
	if len(progress) != 4 || progress[3] != 44 {
		t.Errorf("progress calls %v", progress)
	}
}

func TestCollectionListsEveryBadFeature(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"ok","properties":{},"geometry":` + square + `},
	 {"type":"Feature","id":"nogeom","properties":{},"geometry":null},
	 {"type":"Feature","id":"line","properties":{},"geometry":{"type":"LineString","coordinates":[[111,36],[112,37]]}},
	 {"type":"Feature","id":"ok","properties":{},"geometry":` + square + `},
	 {"type":"Feature","id":"bad id!","properties":{},"geometry":` + square + `},
	 {"type":"Feature","id":"name","properties":{"name":5},"geometry":` + square + `},
	 {"type":"Feature","id":"when","properties":{"valid_from":"2020-10-15","valid_to":"2020-05-15"},"geometry":` + square + `}
	]}`
	zones, bad, err := ingest.Collection([]byte(doc), coalBan, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) != 1 || zones[0].ID != "ok" {
		t.Errorf("good zones %v", zones)
	}
	want := []struct {
		index int
		text  string
	}{
		{1, "no geometry"}, {2, "wrong_type"}, {3, `id "ok" already used by feature 0`},
		{4, "must be 1-64 characters"}, {5, "name must be a string"}, {6, "must be after valid_from"},
	}
	if len(bad) != len(want) {
		t.Fatalf("%d bad features, want %d: %v", len(bad), len(want), bad)
	}
	for i, w := range want {
		if bad[i].Index != w.index || !strings.Contains(bad[i].Error(), w.text) || !errors.Is(bad[i], geo.ErrInvalid) {
			t.Errorf("bad[%d] = %v (index %d), want index %d containing %q", i, bad[i], bad[i].Index, w.index, w.text)
		}
	}
}

func TestCollectionRejectsNonCollections(t *testing.T) {
	for _, doc := range []string{``, `{}`, `[]`, square, `{"type":"FeatureCollection","features":{}}`} {
		if _, _, err := ingest.Collection([]byte(doc), coalBan, ingest.Options{}); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%q: err %v, want ErrInvalid", doc, err)
		}
	}
}

func FuzzCollection(f *testing.F) {
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"name":"x","valid_from":"2020-01-01"},"geometry":` + square + `}]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		zones, _, err := ingest.Collection([]byte(doc), coalBan, ingest.Options{})
		if err != nil {
			return
		}
		for _, z := range zones {
			if err := z.Validate(); err != nil {
				t.Fatalf("accepted zone fails validation: %v", err)
			}
		}
	})
}

func TestIDProperty(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"ignored","properties":{"adcode":141002,"name":"尧都区"},"geometry":` + square + `},
	 {"type":"Feature","properties":{"name":"无编码"},"geometry":` + square + `}]}`
	zones, bad, err := ingest.Collection([]byte(doc), coalBan, ingest.Options{IDProperty: "adcode"})
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) != 1 || zones[0].ID != "141002" || zones[0].Properties["adcode"] != 141002.0 {
		t.Errorf("zones %+v", zones)
	}
	if len(bad) != 1 || bad[0].Index != 1 || !strings.Contains(bad[0].Error(), `no property "adcode"`) {
		t.Errorf("bad %v", bad)
	}
}
