package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/rules"
)

var offRoute = &rules.RouteCompliance{FirstOff: orb.Point{111.518601, 36.088}, FirstOffAlongM: 1234.56,
	OffLengthM: 200, Counties: []string{"141000", "141002"}}

func routeInput(at time.Time, rc *rules.RouteCompliance) rules.Input {
	return rules.Input{At: at, Route: true, RouteCompliance: rc, Destination: rules.DestCentralHeating,
		Cargo: rules.Cargo{Fuel: rules.FuelCoal}}
}

func TestOffDesignatedRouteMessage(t *testing.T) {
	got := rules.Default().Decide(routeInput(inCampaign, offRoute))
	want := rules.Reason{Code: "OFF_DESIGNATED_ROUTE", Effect: "deny", Rule: "designated_routes", Clause: clause22 + "二(六)",
		OffRoute:  &rules.OffRoute{FirstOff: orb.Point{111.518601, 36.088}, AlongM: 1234.56, OffLengthM: 200},
		MessageZH: "车辆行驶路线在[111.518601, 36.088000]（距起点1234.6米）驶离规定的运煤车辆行驶路线，偏离路线共200米，予以劝返",
		MessageEN: "The truck's route leaves the designated coal routes at [111.518601, 36.088000] (1234.6 m from the start) and runs 200 m off them in all: turn back",
	}
	if got.Decision != "deny" || got.Action != "turn_back" || len(got.Reasons) != 1 {
		t.Fatalf("got %+v", got)
	}
	r := got.Reasons[0]
	if r.Code != want.Code || r.Effect != want.Effect || r.Rule != want.Rule || r.Clause != want.Clause ||
		r.MessageZH != want.MessageZH || r.MessageEN != want.MessageEN || r.Zone != nil || *r.OffRoute != *want.OffRoute {
		t.Errorf("reason\n got  %+v %+v\n want %+v %+v", r, r.OffRoute, want, want.OffRoute)
	}
	short := *offRoute
	short.OffLengthM = 0.02
	if m := rules.Default().Decide(routeInput(inCampaign, &short)).Reasons[0].MessageZH; !strings.Contains(m, "偏离路线共0.02米") {
		t.Errorf("short excursion message %q", m)
	}
}

func TestRouteRuleCampaignDates(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		at   time.Time
		deny bool
	}{
		{"last second before the campaign", time.Date(2020, 7, 31, 23, 59, 59, 0, cst), false},
		{"first second, China time", time.Date(2020, 8, 1, 0, 0, 0, 0, cst), true},
		{"first second given in UTC", time.Date(2020, 7, 31, 16, 0, 0, 0, time.UTC), true},
		{"last second of the last day", time.Date(2021, 3, 31, 23, 59, 59, 0, cst), true},
		{"the day after the last", time.Date(2021, 4, 1, 0, 0, 0, 0, cst), false},
	}
	rs := rules.Default()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rs.Decide(routeInput(tc.at, offRoute))
			if (got.Decision == "deny") != tc.deny {
				t.Errorf("decision %s %v, want deny=%v", got.Decision, codes(got), tc.deny)
			}
		})
	}
}

func TestRouteRuleScope(t *testing.T) {
	listed := mutated(t, func(d map[string]any) {
		ver(d, 0)["designated_routes"].(map[string]any)["counties"] = []any{"141002", "141081"}
	})
	rsListed, err := rules.Load(strings.NewReader(listed))
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := *offRoute
	elsewhere.Counties = []string{"141000", "141030"}
	nowhere := *offRoute
	nowhere.Counties = nil
	compliant := &rules.RouteCompliance{Compliant: true, Counties: []string{"141002"}}
	tests := []struct {
		name string
		rs   *rules.RuleSet
		in   rules.Input
		want string // reason codes
	}{
		{"default: every county", rules.Default(), routeInput(inCampaign, &elsewhere), "[OFF_DESIGNATED_ROUTE/deny/:]"},
		{"compliant route", rules.Default(), routeInput(inCampaign, compliant), "[]"},
		{"no compliance computed", rules.Default(), routeInput(inCampaign, nil), "[]"},
		{"a position check ignores it", rules.Default(), func() rules.Input {
			in := routeInput(inCampaign, offRoute)
			in.Route = false
			return in
		}(), "[]"},
		{"not coal", rules.Default(), func() rules.Input {
			in := routeInput(inCampaign, offRoute)
			in.Cargo.Fuel = rules.FuelNone
			return in
		}(), "[NOT_COAL_CARGO/note/:]"},
		{"listed county", rsListed, routeInput(inCampaign, offRoute), "[OFF_DESIGNATED_ROUTE/deny/:]"},
		{"county not listed", rsListed, routeInput(inCampaign, &elsewhere), "[ROUTE_RULE_NOT_APPLICABLE/note/:]"},
		{"start in no county", rsListed, routeInput(inCampaign, &nowhere), "[ROUTE_RULE_NOT_APPLICABLE/note/:]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rs.Decide(tc.in)
			if s := fmtCodes(got); s != tc.want {
				t.Errorf("reasons %s, want %s", s, tc.want)
			}
		})
	}
}

func fmtCodes(d rules.Decision) string {
	var b strings.Builder
	b.WriteString("[")
	for i, e := range codes(d) {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(e.String())
	}
	return b.String() + "]"
}

func TestRouteRuleFileErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(r map[string]any)
		want string
	}{
		{"bad start date", func(r map[string]any) { r["campaign_from"] = "2020-8-1" },
			`versions[0].designated_routes.campaign_from: "2020-8-1" is not a date YYYY-MM-DD`},
		{"end before start", func(r map[string]any) { r["campaign_to"] = "2020-07-31" },
			"versions[0].designated_routes.campaign_to: 2020-07-31 is before campaign_from 2020-08-01"},
		{"repeated county", func(r map[string]any) { r["counties"] = []any{"141002", "141002"} },
			`versions[0].designated_routes.counties[1]: "141002" is listed twice`},
		{"bad county id", func(r map[string]any) { r["counties"] = []any{"尧都区"} },
			"versions[0].designated_routes.counties[0]: geo: invalid: id"},
		{"no citation", func(r map[string]any) { r["citations"] = []any{} },
			"versions[0].designated_routes.citations: at least one citation is required"},
		{"rule id taken", func(r map[string]any) { r["rule"] = "coal_ban_entry" },
			`versions[0].designated_routes.rule: duplicate rule id "coal_ban_entry"`},
		{"unknown key", func(r map[string]any) { r["corridor_m"] = 50 },
			"versions[0].designated_routes.corridor_m: unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := mutated(t, func(d map[string]any) { tc.edit(ver(d, 0)["designated_routes"].(map[string]any)) })
			_, err := rules.Load(strings.NewReader(file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestRoutesApply(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	listed := mutated(t, func(d map[string]any) {
		ver(d, 0)["designated_routes"].(map[string]any)["counties"] = []any{"141002"}
	})
	rsListed, err := rules.Load(strings.NewReader(listed))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		rs       *rules.RuleSet
		at       time.Time
		counties []string
		want     bool
	}{
		{"default in campaign", rules.Default(), inCampaign, nil, true},
		{"default after campaign", rules.Default(), time.Date(2021, 4, 1, 0, 0, 0, 0, cst), nil, false},
		{"listed county", rsListed, inCampaign, []string{"141000", "141002"}, true},
		{"unlisted county", rsListed, inCampaign, []string{"141081"}, false},
		{"nil rule set", nil, inCampaign, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rs.RoutesApply(tc.at, tc.counties); got != tc.want {
				t.Errorf("RoutesApply = %v, want %v", got, tc.want)
			}
			st := tc.rs.RouteRuleStatus(tc.at, tc.counties)
			if st.Applies != tc.want || (st.ReasonEN == "") != tc.want || (st.ReasonZH == "") != tc.want {
				t.Errorf("RouteRuleStatus = %+v, want applies %v with a reason in both languages when false", st, tc.want)
			}
		})
	}
}

func TestRouteScope(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	listed := mutated(t, func(d map[string]any) {
		ver(d, 0)["designated_routes"].(map[string]any)["counties"] = []any{"141002", "141024"}
	})
	rsListed, err := rules.Load(strings.NewReader(listed))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		rs       *rules.RuleSet
		at       time.Time
		on       bool
		counties string
	}{
		{"default in campaign", rules.Default(), inCampaign, true, ""},
		{"first day", rules.Default(), time.Date(2020, 8, 1, 0, 0, 0, 0, cst), true, ""},
		{"day before", rules.Default(), time.Date(2020, 7, 31, 23, 59, 59, 0, cst), false, ""},
		{"listed", rsListed, inCampaign, true, "141002,141024"},
		{"listed, after campaign", rsListed, time.Date(2021, 4, 1, 0, 0, 0, 0, cst), false, ""},
		{"nil rule set", nil, inCampaign, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			on, counties := tc.rs.RouteScope(tc.at)
			if on != tc.on || strings.Join(counties, ",") != tc.counties {
				t.Errorf("RouteScope = %v %v, want %v %q", on, counties, tc.on, tc.counties)
			}
		})
	}
}
