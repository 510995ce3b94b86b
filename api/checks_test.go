package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/geo/crs"
)

// Demo places used by the check tests (see TestDemoPlaces).
var (
	centre      = orb.Point{111.5186, 36.0880} // Linfen centre: Yaodu coal-ban and burn-ban zone
	burnBanOnly = orb.Point{111.63, 36.0880}   // Yaodu burn-ban zone, outside the coal-ban zone
	outside     = orb.Point{111.68, 36.0880}   // Yaodu county, outside every ban zone
)

func TestDemoPlaces(t *testing.T) {
	for _, tc := range []struct {
		p    orb.Point
		want []string
	}{
		{centre, []string{"built_up/bu-141002", "burn_ban/bb-141002", "coal_ban/cb-141002", "counties/141002"}},
		{burnBanOnly, []string{"burn_ban/bb-141002", "counties/141002"}},
		{outside, []string{"counties/141002"}},
	} {
		if got := oracle(tc.p); !slices.Equal(got, tc.want) {
			t.Fatalf("demo changed: zones at %v = %v, want %v", tc.p, got, tc.want)
		}
	}
}

type checkAnswer struct {
	Decision string `json:"decision"`
	Action   string `json:"action"`
	Reasons  []struct {
		Code      string `json:"code"`
		Effect    string `json:"effect"`
		Clause    string `json:"clause"`
		MessageZH string `json:"message_zh"`
		MessageEN string `json:"message_en"`
		Zone      *struct {
			Layer string    `json:"layer"`
			ID    string    `json:"id"`
			Entry orb.Point `json:"entry"`
		} `json:"zone"`
	} `json:"reasons"`
	Zones []struct {
		Layer  string     `json:"layer"`
		ID     string     `json:"id"`
		Entry  *orb.Point `json:"entry"`
		AlongM *float64   `json:"along_m"`
	} `json:"zones"`
	RulesVersion string `json:"rules_version"`
}

func (a checkAnswer) codes() []string {
	var out []string
	for _, r := range a.Reasons {
		out = append(out, r.Effect+":"+r.Code)
	}
	return out
}

func pos(p orb.Point) string { return fmt.Sprintf(`"position":[%v,%v]`, p[0], p[1]) }

const (
	goodCoal = `"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5,"volatile_pct":20}`
	allDocs  = `"documents":{"supply_contract":true,"quality_report":true}`
	noDocs   = `"documents":{"supply_contract":false,"quality_report":false}`
)

func TestCoalTruckDecisions(t *testing.T) {
	ts := apitest.New(t)
	gcj := crs.FromWGS84(centre, crs.GCJ02)
	cases := []struct {
		name, body         string
		decision, action   string
		codes              []string
		reasonZone, reason string // a reason with this code must name this zone id
	}{
		{"CoalBanResidential", "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:COAL_BAN_ZONE"}, "cb-141002", "COAL_BAN_ZONE"},
		{"CoalBanExemptHeatingPlant", "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"central_heating"}}`,
			"allow", "pass", []string{"note:EXEMPT_DESTINATION"}, "cb-141002", "EXEMPT_DESTINATION"},
		{"CoalBanGCJ02", fmt.Sprintf(`{"position":[%v,%v],"crs":"gcj02",`, gcj[0], gcj[1]) + goodCoal + "," + allDocs + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:COAL_BAN_ZONE"}, "cb-141002", "COAL_BAN_ZONE"},
		{"BurnBanNoDocuments", "{" + pos(burnBanOnly) + "," + goodCoal + "," + noDocs + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:MISSING_DOCUMENTS"}, "bb-141002", "MISSING_DOCUMENTS"},
		{"BurnBanAshTooHigh", "{" + pos(burnBanOnly) + `,"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":10.01},` + allDocs + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:FUEL_BELOW_STANDARD"}, "bb-141002", "FUEL_BELOW_STANDARD"},
		{"BurnBanAtLimitsAllowed", "{" + pos(burnBanOnly) + `,"cargo":{"fuel":"coal","sulfur_pct":0.5,"ash_pct":10},` + allDocs + `,"destination":{"category":"residential"}}`,
			"allow", "pass", nil, "", ""},
		{"OutsideSulfurAtHalfPercentBanned", "{" + pos(outside) + `,"cargo":{"fuel":"coal","sulfur_pct":0.5,"ash_pct":9}` + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:FUEL_BELOW_STANDARD"}, "", ""},
		{"OutsideJustBelowLimits", "{" + pos(outside) + `,"cargo":{"fuel":"coal","sulfur_pct":0.49,"ash_pct":14.99}` + `,"destination":{"category":"residential"}}`,
			"allow", "pass", nil, "", ""},
		{"NotCoal", "{" + pos(centre) + `,"destination":{"category":"residential"}}`,
			"allow", "pass", []string{"note:NOT_COAL_CARGO"}, "", ""},
		{"BeforeZonesWereDrawn", "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"at":"2020-05-01"}`,
			"allow", "pass", nil, "", ""},
		{"RouteIntoCoalBan", `{"route":{"type":"LineString","coordinates":[[111.68,36.088],[111.5186,36.088]]},` + goodCoal + "," + allDocs + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:COAL_BAN_ZONE", "deny:OFF_DESIGNATED_ROUTE"}, "cb-141002", "COAL_BAN_ZONE"},
		// Outside every zone but off the designated coal routes (rule 4;
		// checks_route_test.go covers routes on them).
		{"RouteOutsideZones", `{"route":{"type":"LineString","coordinates":[[111.68,36.088],[111.70,36.10]]},` + goodCoal + `,"destination":{"category":"residential"}}`,
			"deny", "turn_back", []string{"deny:OFF_DESIGNATED_ROUTE"}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got checkAnswer
			ts.PostJSON(t, "/v1/checks/coal-truck", tc.body, &got)
			if got.Decision != tc.decision || got.Action != tc.action || !slices.Equal(got.codes(), tc.codes) {
				t.Fatalf("got %s/%s %v, want %s/%s %v", got.Decision, got.Action, got.codes(), tc.decision, tc.action, tc.codes)
			}
			if got.RulesVersion == "" {
				t.Error("no rules_version")
			}
			for _, r := range got.Reasons {
				if r.MessageZH == "" || r.MessageEN == "" || r.Clause == "" {
					t.Errorf("reason %s lacks a message or clause: %+v", r.Code, r)
				}
				if r.Code == tc.reason && (r.Zone == nil || r.Zone.ID != tc.reasonZone) {
					t.Errorf("reason %s names zone %+v, want %s", r.Code, r.Zone, tc.reasonZone)
				}
			}
		})
	}
}

func TestRouteNamesEntryPoint(t *testing.T) {
	ts := apitest.New(t)
	var got checkAnswer
	ts.PostJSON(t, "/v1/checks/coal-truck", `{"route":{"type":"LineString","coordinates":[[111.68,36.088],[111.5186,36.088]]},`+goodCoal+","+allDocs+`,"destination":{"category":"residential"}}`, &got)
	var entry *orb.Point
	for _, r := range got.Reasons {
		if r.Code == "COAL_BAN_ZONE" && r.Zone != nil {
			entry = &r.Zone.Entry
		}
	}
	// Sampling the demo puts the coal-ban edge on this parallel between lon
	// 111.5986 (inside) and 111.6086 (outside).
	if entry == nil || entry[0] < 111.5986 || entry[0] > 111.6086 || entry[1] != 36.088 {
		t.Fatalf("entry point %v not on the coal-ban boundary crossing", entry)
	}
	// The entry is an edge intersection rounded to float64: a step of 1 cm
	// further along the route (westwards) must be inside, 1 cm back outside.
	if in := oracle(orb.Point{entry[0] - 1e-7, entry[1]}, "coal_ban"); len(in) != 1 {
		t.Errorf("1 cm past the entry point %v is not in the coal-ban zone", *entry)
	}
	if in := oracle(orb.Point{entry[0] + 1e-7, entry[1]}, "coal_ban"); len(in) != 0 {
		t.Errorf("1 cm before the entry point %v is already in the coal-ban zone", *entry)
	}
	for _, z := range got.Zones {
		if z.ID == "cb-141002" && (z.AlongM == nil || *z.AlongM < 6000 || *z.AlongM > 8000) {
			t.Errorf("along_m to the coal-ban zone = %v, want ~7 km", z.AlongM)
		}
	}
}

func TestInspectionLog(t *testing.T) {
	ts := apitest.New(t)
	bodies := []string{
		"{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·00001","station":"G108-yaodu-01"}`,
		"{" + pos(burnBanOnly) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·00002","station":"G108-yaodu-01"}`,
		"{" + pos(outside) + "," + goodCoal + `,"destination":{"category":"residential"},"plate":"=HYPERLINK(1)","station":"G5-houma-01"}`,
	}
	for _, b := range bodies {
		var a checkAnswer
		ts.PostJSON(t, "/v1/checks/coal-truck", b, &a)
	}
	var got struct {
		Inspections []struct {
			ID       int64      `json:"id"`
			Station  string     `json:"station"`
			Plate    string     `json:"plate"`
			Decision string     `json:"decision"`
			Action   string     `json:"action"`
			Reasons  []string   `json:"reasons"`
			Position *orb.Point `json:"position"`
		} `json:"inspections"`
	}
	ts.GetJSON(t, "/v1/inspections", &got)
	if len(got.Inspections) != 3 {
		t.Fatalf("%d inspections logged, want 3", len(got.Inspections))
	}
	first := got.Inspections[0]
	if first.Plate != "晋L·00001" || first.Decision != "deny" || first.Action != "turn_back" || !slices.Equal(first.Reasons, []string{"COAL_BAN_ZONE"}) || first.Position == nil || *first.Position != centre {
		t.Errorf("first inspection = %+v", first)
	}
	ts.GetJSON(t, "/v1/inspections?station=G108-yaodu-01&decision=deny", &got)
	if len(got.Inspections) != 1 || got.Inspections[0].Plate != "晋L·00001" {
		t.Errorf("station+decision filter: %+v", got.Inspections)
	}
	ts.GetJSON(t, "/v1/inspections?from=2000-01-01&limit=2", &got)
	if len(got.Inspections) != 2 {
		t.Errorf("limit=2: %d", len(got.Inspections))
	}
	ts.GetJSON(t, "/v1/inspections?to=2000-01-01", &got)
	if len(got.Inspections) != 0 {
		t.Errorf("to=2000-01-01: %d", len(got.Inspections))
	}

	status, ctype, body := ts.Do(t, http.MethodGet, "/v1/inspections", "", "", "Accept", "text/csv")
	if status != 200 || !strings.HasPrefix(ctype, "text/csv") {
		t.Fatalf("CSV: %d %s", status, ctype)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "id" || rows[1][3] != "晋L·00001" || rows[1][9] != "COAL_BAN_ZONE" {
		t.Fatalf("CSV rows: %q", rows)
	}
	if rows[3][3] != "'=HYPERLINK(1)" {
		t.Errorf("formula-like plate not defused in CSV: %q", rows[3][3])
	}
}
