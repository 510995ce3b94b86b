package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/rules"
)

// rulesWithRouteCounties is the default rules file with the route rule
// limited to the given counties.
func rulesWithRouteCounties(t testing.TB, counties ...string) *rules.RuleSet {
	t.Helper()
	list, err := json.Marshal(counties)
	if err != nil {
		t.Fatal(err)
	}
	src := bytes.Replace(rules.DefaultJSON(), []byte(`"counties": []`), append([]byte(`"counties": `), list...), 1)
	if bytes.Equal(src, rules.DefaultJSON()) {
		t.Fatal(`the default rules file has no "counties": [] to replace`)
	}
	rs, err := rules.Load(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// offRouteOracle samples line every metre and returns the first sample
// inside county and the length of the samples' steps inside it: an
// independent count with planar point-in-polygon on the stored county.
func offRouteOracle(line orb.LineString, county orb.Geometry) (first *orb.Point, lengthM float64) {
	var areal orb.MultiPolygon
	switch g := county.(type) {
	case orb.Polygon:
		areal = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		areal = g
	}
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		n := int(math.Ceil(crs.GeodesicDistance(a, b)))
		for s := 0; s < n; s++ {
			p := orb.Point{a[0] + (b[0]-a[0])*float64(s)/float64(n), a[1] + (b[1]-a[1])*float64(s)/float64(n)}
			q := orb.Point{a[0] + (b[0]-a[0])*float64(s+1)/float64(n), a[1] + (b[1]-a[1])*float64(s+1)/float64(n)}
			mid := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
			if planar.MultiPolygonContains(areal, mid) {
				if first == nil {
					first = &p
				}
				lengthM += crs.GeodesicDistance(p, q)
			}
		}
	}
	return first, lengthM
}

// TestRouteRuleCountyScope: with the rules file listing counties, only the
// parts of a route inside them are judged. The demo routes below run off
// every corridor from 襄汾县 (141023) into 尧都区 (141002).
func TestRouteRuleCountyScope(t *testing.T) {
	south := orb.LineString{{111.30, 35.96}, {111.28, 36.02}, {111.31, 36.09}}
	north := orb.LineString{{111.31, 36.09}, {111.28, 36.02}, {111.30, 35.96}}
	inside := orb.LineString{{111.30, 35.95}, {111.35, 35.96}} // 襄汾县 only
	tests := []struct {
		name     string
		counties []string
		line     orb.LineString
		county   string // whose part the oracle measures; "" for none
		want     string // reason code
	}{
		{"enters a listed county", []string{"141002"}, south, "141002", "OFF_DESIGNATED_ROUTE"},
		{"leaves a listed county", []string{"141002"}, north, "141002", "OFF_DESIGNATED_ROUTE"},
		{"starts in the listed county", []string{"141023"}, south, "141023", "OFF_DESIGNATED_ROUTE"},
		{"both listed", []string{"141023", "141002"}, south, "", "OFF_DESIGNATED_ROUTE"},
		{"no listed county on the route", []string{"141002"}, inside, "", "ROUTE_RULE_NOT_APPLICABLE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := rulesWithRouteCounties(t, tc.counties...)
			ts := apitest.New(t, func(o *api.Options) { o.Rules = rs })
			coords, _ := json.Marshal(tc.line)
			body := fmt.Sprintf(`{"at":"2020-11-02T09:00:00+08:00","route":{"type":"LineString","coordinates":%s},
				"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9},"documents":{"supply_contract":true,"quality_report":true},
				"destination":{"category":"residential"}}`, coords)
			var got struct {
				Reasons []struct {
					Code     string `json:"code"`
					OffRoute *struct {
						FirstOff   orb.Point `json:"first_off"`
						AlongM     float64   `json:"along_m"`
						OffLengthM float64   `json:"off_length_m"`
					} `json:"off_route"`
				} `json:"reasons"`
				OffRoute struct {
					OffLengthM float64 `json:"off_length_m"`
					LengthM    float64 `json:"length_m"`
				} `json:"off_route"`
			}
			ts.PostJSON(t, "/v1/checks/coal-truck", body, &got)
			if len(got.Reasons) != 1 || got.Reasons[0].Code != tc.want {
				t.Fatalf("reasons %+v, want one %s", got.Reasons, tc.want)
			}
			if math.Abs(got.OffRoute.OffLengthM-got.OffRoute.LengthM) > 1e-6 {
				t.Fatalf("precondition: the route must run off every corridor: %+v", got.OffRoute)
			}
			if tc.want != "OFF_DESIGNATED_ROUTE" {
				return
			}
			off := got.Reasons[0].OffRoute
			wantFirst, wantLen, wantAlong := &tc.line[0], got.OffRoute.LengthM, 0.0
			if tc.county != "" {
				z, err := ts.Store.Zone(context.Background(), "counties", tc.county)
				if err != nil {
					t.Fatal(err)
				}
				wantFirst, wantLen = offRouteOracle(tc.line, z.Geometry)
				wantAlong = alongOracle(tc.line, *wantFirst)
			}
			if d := crs.GeodesicDistance(off.FirstOff, *wantFirst); d > 1.5 {
				t.Errorf("first off-route point %v is %.2f m from the oracle's %v", off.FirstOff, d, *wantFirst)
			}
			if math.Abs(off.AlongM-wantAlong) > 1.5 {
				t.Errorf("along %.2f m, oracle %.2f m", off.AlongM, wantAlong)
			}
			if math.Abs(off.OffLengthM-wantLen) > 2 {
				t.Errorf("off-route length %.2f m, oracle %.2f m (whole route %.2f m)", off.OffLengthM, wantLen, got.OffRoute.LengthM)
			}
		})
	}
}

// alongOracle is the distance along line to p, found by walking the line
// in 1 m steps to the sample nearest p.
func alongOracle(line orb.LineString, p orb.Point) float64 {
	best, bestD, cum := 0.0, math.Inf(1), 0.0
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		segM := crs.GeodesicDistance(a, b)
		n := int(math.Ceil(segM))
		for s := 0; s <= n; s++ {
			q := orb.Point{a[0] + (b[0]-a[0])*float64(s)/float64(n), a[1] + (b[1]-a[1])*float64(s)/float64(n)}
			if d := crs.GeodesicDistance(p, q); d < bestD {
				best, bestD = cum+segM*float64(s)/float64(n), d
			}
		}
		cum += segM
	}
	return best
}
