package rules_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/rules"
)

func ptr(v float64) *float64 { return &v }

func fmtPtr(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

// edges returns nil plus just below, at and just above (by 0.01) each limit.
func edges(limits ...float64) []*float64 {
	out := []*float64{nil}
	for _, l := range limits {
		out = append(out, ptr(l-0.01), ptr(l), ptr(l+0.01))
	}
	return out
}

// cargoes lists every cargo the exhaustive test tries: for each coal product
// the cross product of the edges of every limit that applies to it (burn-ban
// and general), and one cargo without coal.
func cargoes() []rules.Cargo {
	sulfur := edges(0.5)
	ash := edges(10, 15)
	volatile := map[rules.Fuel][]*float64{
		rules.FuelCoal:      {nil, ptr(20)},
		rules.FuelBriquette: edges(12),
		rules.FuelCoke:      edges(5),
		rules.FuelSemiCoke:  edges(10),
	}
	out := []rules.Cargo{{Fuel: rules.FuelNone}, {Fuel: ""}}
	for _, f := range []rules.Fuel{rules.FuelCoal, rules.FuelBriquette, rules.FuelCoke, rules.FuelSemiCoke} {
		for _, s := range sulfur {
			for _, a := range ash {
				for _, v := range volatile[f] {
					out = append(out, rules.Cargo{Fuel: f, SulfurPct: s, AshPct: a, VolatilePct: v})
				}
			}
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// routeResults are the route-compliance inputs the exhaustive test tries:
// off the corridors, none and compliant. Without Route only the first is
// tried: the rule must ignore it.
var routeResults = []*rules.RouteCompliance{
	{FirstOff: orb.Point{111.5, 36.01}, FirstOffAlongM: 1234.5, OffLengthM: 200, Counties: []string{"141002"}},
	nil,
	{Compliant: true, Counties: []string{"141002"}},
}

var inCampaign = time.Date(2020, 11, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// TestDecideExhaustive runs the default rules over fuel × cargo quality edges
// × zone situation × documents × destination × position/route and compares
// each decision with the hand-written oracle.
func TestDecideExhaustive(t *testing.T) {
	rs := rules.Default()
	if rs == nil {
		t.Fatal("Default() = nil")
	}
	docs := []rules.Documents{{}, {SupplyContract: true}, {QualityReport: true}, {SupplyContract: true, QualityReport: true}}
	cases, failures := 0, 0
	counts := map[string]int{}
	for _, cargo := range cargoes() {
		for _, sit := range situations {
			for _, doc := range docs {
				for _, dest := range rules.Destinations() {
					for _, route := range []bool{false, true} {
						for _, rc := range routeResults[:1+2*boolInt(route)] {
							in := rules.Input{At: inCampaign, Cargo: cargo, Documents: doc, Destination: dest, Zones: sit.zones, Route: route, RouteCompliance: rc}
							cases++
							got := rs.Decide(in)
							wantDecision, want := oracle(in, false)
							counts[wantDecision]++
							if msg := compare(got, wantDecision, want, route); msg != "" {
								failures++
								if failures <= 20 {
									t.Errorf("fuel=%s S=%s A=%s V=%s zones=%s docs=%+v dest=%s route=%v: %s",
										cargo.Fuel, fmtPtr(cargo.SulfurPct), fmtPtr(cargo.AshPct), fmtPtr(cargo.VolatilePct),
										sit.name, doc, dest, route, msg)
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases (%d allow, %d deny), %d failures", cases, counts["allow"], counts["deny"], failures)
	if counts["allow"] == 0 || counts["deny"] == 0 {
		t.Errorf("degenerate case set: %v", counts)
	}
}

// compare returns "" when got matches the expected decision and reasons.
func compare(got rules.Decision, wantDecision string, want []expect, route bool) string {
	wantAction := map[string]string{"allow": "pass", "deny": "turn_back"}[wantDecision]
	if got.Decision != wantDecision || got.Action != wantAction {
		return fmt.Sprintf("decision %s/%s, want %s/%s; reasons %v", got.Decision, got.Action, wantDecision, wantAction, codes(got))
	}
	if got.RulesVersion != "linfen-2020.1" {
		return fmt.Sprintf("rules_version %q", got.RulesVersion)
	}
	if fmt.Sprint(codes(got)) != fmt.Sprint(want) {
		return fmt.Sprintf("reasons\n got  %v\n want %v", codes(got), want)
	}
	for i, r := range got.Reasons {
		for _, v := range want[i].values {
			if !strings.Contains(r.MessageZH, v) {
				return fmt.Sprintf("reason %d message_zh %q lacks %q", i, r.MessageZH, v)
			}
		}
		if r.MessageZH == "" || r.MessageEN == "" || r.Rule == "" || !strings.HasPrefix(r.Clause, "临政办发〔2020〕22号《临汾市2020年散煤污染专项整治工作方案》二(") {
			return fmt.Sprintf("reason %d has an empty field: %+v", i, r)
		}
		if (r.Code == rules.CodeOffDesignatedRoute) != (r.OffRoute != nil) {
			return fmt.Sprintf("reason %d: off_route detail %+v on %s", i, r.OffRoute, r.Code)
		}
		if r.Zone != nil {
			wantWord := "车辆位于"
			if route {
				wantWord = "车辆行驶路线进入"
			}
			if !strings.HasPrefix(r.MessageZH, wantWord) || !strings.Contains(r.MessageZH, "「"+r.Zone.Name+"」") {
				return fmt.Sprintf("reason %d message_zh %q does not start %q and name its zone", i, r.MessageZH, wantWord)
			}
		}
	}
	return ""
}

func codes(d rules.Decision) []expect {
	out := make([]expect, len(d.Reasons))
	for i, r := range d.Reasons {
		out[i] = expect{code: r.Code, effect: r.Effect}
		if r.Zone != nil {
			out[i].zoneLayer, out[i].zoneID = r.Zone.Layer, r.Zone.ID
		}
	}
	return out
}
