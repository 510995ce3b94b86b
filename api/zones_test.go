package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// demoZones is the demo region, generated once for the oracle.
var demoZones = sync.OnceValue(func() []*geo.Zone {
	_, zones := demo.Region()
	return zones
})

// oracle answers "which zones contain p" by brute force over the demo
// region with orb's planar predicates, independently of the index.
func oracle(p orb.Point, layers ...string) []string {
	var out []string
	for _, z := range demoZones() {
		if !z.Validity.Contains(apitest.CheckTime) || (len(layers) > 0 && !slices.Contains(layers, z.Layer)) {
			continue
		}
		var in bool
		switch g := z.Geometry.(type) {
		case orb.Polygon:
			in = planar.PolygonContains(g, p)
		case orb.MultiPolygon:
			in = planar.MultiPolygonContains(g, p)
		}
		if in {
			out = append(out, z.Layer+"/"+z.ID)
		}
	}
	slices.Sort(out)
	return out
}

// randomPoints returns n points over the demo region, half of them near
// county seats where the zones are.
func randomPoints(seed uint64, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 0))
	var centres []orb.Point
	for _, z := range demoZones() {
		if z.Kind == geo.KindBurnBan {
			centres = append(centres, z.Geometry.Bound().Center())
		}
	}
	pts := make([]orb.Point, n)
	for i := range pts {
		if i%2 == 0 {
			pts[i] = orb.Point{110.3 + 2.3*rng.Float64(), 35.3 + 1.7*rng.Float64()}
		} else {
			c := centres[rng.IntN(len(centres))]
			pts[i] = orb.Point{c[0] + 0.3*(rng.Float64()-0.5), c[1] + 0.3*(rng.Float64()-0.5)}
		}
	}
	return pts
}

type zonesAnswer struct {
	Zones []struct {
		Layer string `json:"layer"`
		Kind  string `json:"kind"`
		ID    string `json:"id"`
		Name  string `json:"name"`
	} `json:"zones"`
}

func (a zonesAnswer) keys() []string {
	out := []string{}
	for _, z := range a.Zones {
		out = append(out, z.Layer+"/"+z.ID)
	}
	slices.Sort(out)
	return out
}

func TestZonesAtLinfenCentre(t *testing.T) {
	ts := apitest.New(t)
	var got zonesAnswer
	ts.GetJSON(t, "/v1/zones/at?lon=111.5186&lat=36.0880", &got)
	want := oracle(orb.Point{111.5186, 36.0880})
	if !slices.Equal(got.keys(), want) {
		t.Fatalf("zones at Linfen centre = %v, want %v", got.keys(), want)
	}
	if !slices.Contains(want, "coal_ban/cb-141002") {
		t.Fatalf("Linfen centre must be in the Yaodu coal-ban zone, oracle says %v", want)
	}
	ts.GetJSON(t, "/v1/zones/at?lon=111.5186&lat=36.0880&layers=coal_ban", &got)
	if k := got.keys(); !slices.Equal(k, []string{"coal_ban/cb-141002"}) {
		t.Errorf("layers=coal_ban: %v", k)
	}
	// Before the preliminary delineation (2020-05-15) there was no coal-ban zone.
	ts.GetJSON(t, "/v1/zones/at?lon=111.5186&lat=36.0880&layers=coal_ban&at=2020-05-01", &got)
	if len(got.Zones) != 0 {
		t.Errorf("at=2020-05-01: %v, want none", got.keys())
	}
}

func TestZonesAtGCJ02(t *testing.T) {
	ts := apitest.New(t)
	wgs := orb.Point{111.5186, 36.0880}
	g := crs.FromWGS84(wgs, crs.GCJ02)
	var got zonesAnswer
	ts.GetJSON(t, fmt.Sprintf("/v1/zones/at?lon=%v&lat=%v&crs=gcj02", g[0], g[1]), &got)
	if want := oracle(wgs); !slices.Equal(got.keys(), want) {
		t.Fatalf("GCJ-02 lookup = %v, want %v", got.keys(), want)
	}
}

func TestZonesAtAgreesWithOracle(t *testing.T) {
	ts := apitest.New(t)
	pts := randomPoints(1, 300)
	for _, p := range pts {
		var got zonesAnswer
		ts.GetJSON(t, fmt.Sprintf("/v1/zones/at?lon=%v&lat=%v", p[0], p[1]), &got)
		if want := oracle(p); !slices.Equal(got.keys(), want) {
			t.Fatalf("zones at %v = %v, want %v", p, got.keys(), want)
		}
	}
}

func TestBatchAgreesWithOracle(t *testing.T) {
	ts := apitest.New(t)
	pts := randomPoints(2, 10_000)
	var b strings.Builder
	b.WriteString(`{"points":[`)
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%v,%v]", p[0], p[1])
	}
	b.WriteString(`],"at":"2020-11-01T08:00:00+08:00"}`)
	var got struct {
		Results []zonesAnswer `json:"results"`
	}
	ts.PostJSON(t, "/v1/zones/at", b.String(), &got)
	if len(got.Results) != len(pts) {
		t.Fatalf("%d results for %d points", len(got.Results), len(pts))
	}
	hits := 0
	for i, p := range pts {
		want := oracle(p)
		if !slices.Equal(got.Results[i].keys(), want) {
			t.Fatalf("point %d %v: %v, want %v", i, p, got.Results[i].keys(), want)
		}
		hits += len(want)
	}
	if hits < len(pts)/2 {
		t.Fatalf("only %d zone hits in %d points: the sample does not exercise the zones", hits, len(pts))
	}
}

func TestBatchEmptyAndLayers(t *testing.T) {
	ts := apitest.New(t)
	var got struct {
		Results []zonesAnswer `json:"results"`
	}
	ts.PostJSON(t, "/v1/zones/at", `{"points":[]}`, &got)
	if len(got.Results) != 0 {
		t.Fatalf("empty batch: %d results", len(got.Results))
	}
	ts.PostJSON(t, "/v1/zones/at", `{"points":[[111.5186,36.0880],[0,0]],"layers":["coal_ban"]}`, &got)
	if len(got.Results) != 2 || !slices.Equal(got.Results[0].keys(), []string{"coal_ban/cb-141002"}) || len(got.Results[1].Zones) != 0 {
		t.Fatalf("batch with layers: %+v", got.Results)
	}
	status, _, _ := ts.Do(t, http.MethodPost, "/v1/zones/at", "application/json", `{"points":[[111.5,36.0]],"layers":["nope"]}`)
	if status != http.StatusBadRequest {
		t.Fatalf("unknown layer: status %d", status)
	}
}
