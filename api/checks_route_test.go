package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/route"
)

// routeAnswer is the part of a check answer about routes and stations.
type routeAnswer struct {
	Decision string `json:"decision"`
	Reasons  []struct {
		Code      string `json:"code"`
		MessageZH string `json:"message_zh"`
		OffRoute  *struct {
			FirstOff   orb.Point `json:"first_off"`
			AlongM     float64   `json:"along_m"`
			OffLengthM float64   `json:"off_length_m"`
		} `json:"off_route"`
	} `json:"reasons"`
	Notes []struct {
		Code string `json:"code"`
	} `json:"notes"`
	Station *struct {
		ID     string `json:"id"`
		Known  bool   `json:"known"`
		Type   string `json:"type"`
		County string `json:"county"`
	} `json:"station"`
	OffRoute *struct {
		Compliant  bool                `json:"compliant"`
		FirstOff   *orb.Point          `json:"first_off"`
		OffLengthM float64             `json:"off_length_m"`
		Off        orb.MultiLineString `json:"off"`
		Applies    bool                `json:"applies"`
		ReasonEN   string              `json:"reason_en"`
		ReasonZH   string              `json:"reason_zh"`
	} `json:"off_route"`
}

func routeBody(r orb.LineString, extra string) string {
	coords, _ := json.Marshal(r)
	return `{"route":{"type":"LineString","coordinates":` + string(coords) + `},"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9},` +
		`"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"coal_power"}` + extra + `}`
}

// demoNetwork builds the demo's corridors independently of the server.
func demoNetwork(t *testing.T, ts *apitest.Server) (*route.Network, orb.LineString) {
	t.Helper()
	ctx := context.Background()
	var zones []*geo.Zone
	for _, id := range []string{"G108", "G5", "G309", "G209", "S327", "S231", "S229", "S330"} {
		z, err := ts.Store.Zone(ctx, demo.LayerCoalRoutes, id)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, z)
	}
	return route.NewNetwork(zones, route.DefaultCorridorM), zones[0].Geometry.(orb.LineString)
}

func TestCheckRouteCompliance(t *testing.T) {
	ts := apitest.New(t)
	n, g108 := demoNetwork(t, ts)
	// One vertex 200 m east of the road: the truck leaves the corridor and
	// comes back (vertices are ~2 km apart, so it is off for ~3 km).
	detour := orb.LineString{g108[20], g108[21], crs.GeodesicDestination(g108[22], 90, 200), g108[23], g108[24]}
	tests := []struct {
		name     string
		r        orb.LineString
		at       string
		decision string
		code     string
		whyNot   string // off_route.reason_en when the rule does not apply
	}{
		{"along G108", g108[20:40], "", "allow", "", ""},
		{"detour off G108", detour, "", "deny", "OFF_DESIGNATED_ROUTE", ""},
		{"detour before the campaign", detour, `,"at":"2020-07-31T23:59:59+08:00"`, "allow", "",
			"outside the designated-route campaign 2020-08-01…2021-03-31"},
		{"detour on the campaign's last day", detour, `,"at":"2021-03-31T23:00:00+08:00"`, "deny", "OFF_DESIGNATED_ROUTE", ""},
		{"detour the day after the campaign", detour, `,"at":"2021-04-01T00:00:00+08:00"`, "allow", "",
			"outside the designated-route campaign 2020-08-01…2021-03-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got routeAnswer
			ts.PostJSON(t, "/v1/checks/coal-truck", routeBody(tc.r, tc.at), &got)
			want := n.Check(tc.r)
			var off []int
			for i, r := range got.Reasons {
				if r.Code == "OFF_DESIGNATED_ROUTE" {
					off = append(off, i)
				}
			}
			if got.Decision != tc.decision || len(off) != len(tc.code)/len("OFF_DESIGNATED_ROUTE") {
				t.Fatalf("decision %s %+v, want %s %s", got.Decision, got.Reasons, tc.decision, tc.code)
			}
			if got.OffRoute == nil || got.OffRoute.Compliant != want.Compliant || math.Abs(got.OffRoute.OffLengthM-want.OffLengthM) > 1e-9 ||
				len(got.OffRoute.Off) != len(want.Off) {
				t.Fatalf("off_route %+v, want %+v", got.OffRoute, want)
			}
			if got.OffRoute.Applies != (tc.whyNot == "") || got.OffRoute.ReasonEN != tc.whyNot ||
				(tc.whyNot != "") != strings.Contains(got.OffRoute.ReasonZH, "管控期") {
				t.Errorf("off_route applies %v reason %q / %q, want reason %q",
					got.OffRoute.Applies, got.OffRoute.ReasonEN, got.OffRoute.ReasonZH, tc.whyNot)
			}
			if tc.code == "" {
				return
			}
			r := got.Reasons[off[0]]
			if r.OffRoute == nil || r.OffRoute.FirstOff != *want.FirstOff ||
				r.OffRoute.AlongM != want.FirstOffAlongM || r.OffRoute.OffLengthM != want.OffLengthM {
				t.Fatalf("reason %+v %+v, want %+v", r, r.OffRoute, want)
			}
			if !strings.Contains(r.MessageZH, fmt.Sprintf("[%.6f, %.6f]", want.FirstOff[0], want.FirstOff[1])) {
				t.Errorf("message %q does not name the first off-route point", r.MessageZH)
			}
		})
	}
}

func TestCheckStation(t *testing.T) {
	ts := apitest.New(t)
	tests := []struct {
		name, station      string
		known              bool
		county, typ, notes string
	}{
		{"published checkpoint", "G108-yaodu-01", true, "141002", "fixed_station", ""},
		{"unknown id is accepted and noted", "G108-尧都-01", false, "141002", "", "UNKNOWN_STATION"},
		{"no station: county from the position", "", false, "141002", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"coal_power"},"station":"` + tc.station + `"}`
			var got routeAnswer
			ts.PostJSON(t, "/v1/checks/coal-truck", body, &got)
			if got.Decision != "allow" || got.Station == nil || got.Station.ID != tc.station || got.Station.Known != tc.known ||
				got.Station.County != tc.county || got.Station.Type != tc.typ {
				t.Fatalf("decision %s station %+v", got.Decision, got.Station)
			}
			var notes []string
			for _, n := range got.Notes {
				notes = append(notes, n.Code)
			}
			if strings.Join(notes, ",") != tc.notes {
				t.Errorf("notes %v, want %q", notes, tc.notes)
			}
		})
	}
	ts.API.Close(context.Background())
	var log struct {
		Inspections []struct {
			Station      string `json:"station"`
			StationKnown bool   `json:"station_known"`
			County       string `json:"county"`
		} `json:"inspections"`
	}
	ts.GetJSON(t, "/v1/inspections", &log)
	if len(log.Inspections) != len(tests) {
		t.Fatalf("%d inspections logged, want %d", len(log.Inspections), len(tests))
	}
	for i, tc := range tests {
		if r := log.Inspections[i]; r.Station != tc.station || r.StationKnown != tc.known || r.County != tc.county {
			t.Errorf("log %d: %+v, want station %q known %v county %s", i, r, tc.station, tc.known, tc.county)
		}
	}
}

func TestNearestCheckpoint(t *testing.T) {
	ts := apitest.New(t)
	cp, err := ts.Store.Zone(context.Background(), demo.LayerCheckpoints, "G108-yaodu-01")
	if err != nil {
		t.Fatal(err)
	}
	at := cp.Geometry.(orb.Point)
	near := crs.GeodesicDestination(at, 45, 30)
	type answer struct {
		Checkpoint struct {
			ID, Type, County string
			Position         orb.Point
		}
		DistanceM float64 `json:"distance_m"`
	}
	var got answer
	ts.GetJSON(t, fmt.Sprintf("/v1/checkpoints/nearest?lon=%v&lat=%v", near[0], near[1]), &got)
	if got.Checkpoint.ID != "G108-yaodu-01" || got.Checkpoint.Type != "fixed_station" || got.Checkpoint.County != "141002" ||
		got.Checkpoint.Position != at || math.Abs(got.DistanceM-30) > 1e-6 {
		t.Errorf("nearest = %+v", got)
	}
	ts.GetJSON(t, fmt.Sprintf("/v1/checkpoints/nearest?lon=%v&lat=%v&type=highway_exit", near[0], near[1]), &got)
	if got.Checkpoint.Type != "highway_exit" || math.Abs(got.DistanceM-crs.GeodesicDistance(near, got.Checkpoint.Position)) > 1e-9 {
		t.Errorf("nearest highway exit = %+v", got)
	}
	for _, tc := range []struct {
		query  string
		status int
		code   string
	}{
		{"lon=111.5&lat=36&type=ferry", http.StatusNotFound, "no_checkpoint"},
		{"lon=111.5&lat=91", http.StatusBadRequest, "invalid_point"},
		{"lon=111.5", http.StatusBadRequest, "invalid_point"},
		{"lon=111.5&lat=36&crs=mars", http.StatusBadRequest, "invalid_crs"},
	} {
		status, _, body := ts.Do(t, http.MethodGet, "/v1/checkpoints/nearest?"+tc.query, "", "")
		if status != tc.status || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", tc.query, status, body, tc.status, tc.code)
		}
	}
}
