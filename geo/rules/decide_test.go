package rules_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/rules"
)

const clause22 = "临政办发〔2020〕22号《临汾市2020年散煤污染专项整治工作方案》"

// TestDecideScenarios pins complete decisions, messages included.
func TestDecideScenarios(t *testing.T) {
	rs := rules.Default()
	coalBan := zCoal
	coalBan.Entry = orb.Point{111.5186, 36.0880}
	burnBan := zBurn
	burnBan.Entry = orb.Point{111.5186, 36.0880}
	tests := []struct {
		name string
		in   rules.Input
		want rules.Decision
	}{
		{
			name: "residential coal truck in coal-ban zone is turned back",
			in: rules.Input{At: inCampaign, Destination: rules.DestResidential,
				Cargo:     rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.4), AshPct: ptr(9.5)},
				Documents: rules.Documents{SupplyContract: true, QualityReport: true},
				Zones:     []rules.ZoneHit{coalBan}},
			want: rules.Decision{Decision: "deny", Action: "turn_back", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{{
				Code: "COAL_BAN_ZONE", Effect: "deny", Rule: "coal_ban_entry", Clause: clause22 + "二(六)、二(一)", Zone: &coalBan,
				MessageZH: "车辆位于禁煤区「尧都区建成区禁煤区」，目的地（居民生活取暖）非豁免用煤单位，禁止进入，予以劝返",
				MessageEN: `The truck is inside coal-ban zone "尧都区建成区禁煤区" and its destination (residential heating) is not an exempt coal user; entry is prohibited: turn back`,
			}}},
		},
		{
			name: "central heating truck routed into coal-ban and burn-ban zones without quality report",
			in: rules.Input{At: inCampaign, Destination: rules.DestCentralHeating, Route: true,
				Cargo:     rules.Cargo{Fuel: rules.FuelCoal},
				Documents: rules.Documents{SupplyContract: true},
				Zones:     []rules.ZoneHit{coalBan, burnBan}},
			want: rules.Decision{Decision: "deny", Action: "turn_back", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{{
				Code: "MISSING_DOCUMENTS", Effect: "deny", Rule: "burn_ban_documents", Clause: clause22 + "二(六)", Zone: &burnBan,
				MessageZH: "车辆行驶路线进入禁燃区「尧都区禁燃区」，未携带质检报告，予以劝返",
				MessageEN: `The truck's route enters burn-ban zone "尧都区禁燃区" without the quality test report it must carry: turn back`,
			}, {
				Code: "EXEMPT_DESTINATION", Effect: "note", Rule: "coal_ban_entry", Clause: clause22 + "二(六)、二(一)", Zone: &coalBan,
				MessageZH: "车辆行驶路线进入禁煤区「尧都区建成区禁煤区」，目的地为集中供热企业，属豁免用煤单位，不受禁止进入限制",
				MessageEN: `The truck's route enters coal-ban zone "尧都区建成区禁煤区" but its destination (central heating plant) is an exempt coal user, so the entry ban does not apply`,
			}}},
		},
		{
			name: "semi-coke over three burn-ban limits, one missing",
			in: rules.Input{At: inCampaign, Destination: rules.DestBusiness,
				Cargo:     rules.Cargo{Fuel: rules.FuelSemiCoke, SulfurPct: ptr(0.51), VolatilePct: ptr(10.01)},
				Documents: rules.Documents{SupplyContract: true, QualityReport: true},
				Zones:     []rules.ZoneHit{burnBan}},
			want: rules.Decision{Decision: "deny", Action: "turn_back", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{{
				Code: "FUEL_BELOW_STANDARD", Effect: "deny", Rule: "burn_ban_fuel_standard", Clause: clause22 + "二(一)", Zone: &burnBan,
				MessageZH: "车辆位于禁燃区「尧都区禁燃区」，所载兰炭不符合禁燃区民用散煤质量标准：含硫量0.51%（应不高于0.5%）、挥发分10.01%（应不高于10%），予以劝返",
				MessageEN: `The truck is inside burn-ban zone "尧都区禁燃区"; the semi-coke carried fails the burn-ban zone civil coal quality standard: sulfur 0.51% (must be at most 0.5%) and volatile matter 10.01% (must be at most 10%): turn back`,
			}, {
				Code: "FUEL_QUALITY_UNKNOWN", Effect: "note", Rule: "burn_ban_fuel_standard", Clause: clause22 + "二(一)", Zone: &burnBan,
				MessageZH: "车辆位于禁燃区「尧都区禁燃区」，未提供所载兰炭的灰分检测值，无法核验禁燃区民用散煤质量标准",
				MessageEN: `The truck is inside burn-ban zone "尧都区禁燃区"; the semi-coke's ash is not given, so the burn-ban zone civil coal quality standard cannot be checked`,
			}}},
		},
		{
			name: "outside zones, sulfur exactly 0.5 is banned by the literal reading",
			in: rules.Input{At: inCampaign, Destination: rules.DestResidential,
				Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.5), AshPct: ptr(15)}},
			want: rules.Decision{Decision: "deny", Action: "turn_back", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{{
				Code: "FUEL_BELOW_STANDARD", Effect: "deny", Rule: "general_fuel_standard", Clause: clause22 + "二(一)",
				MessageZH: "车辆所载煤炭不符合禁煤区、禁燃区以外区域民用燃料标准：含硫量0.5%（应低于0.5%）、灰分15%（应低于15%），予以劝返",
				MessageEN: "The coal carried fails the civil fuel standard outside coal-ban and burn-ban zones: sulfur 0.5% (must be below 0.5%) and ash 15% (must be below 15%): turn back",
			}}},
		},
		{
			name: "outside zones, compliant coal passes with no reasons",
			in: rules.Input{At: inCampaign, Destination: rules.DestResidential,
				Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.49), AshPct: ptr(14.99)}},
			want: rules.Decision{Decision: "allow", Action: "pass", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{}},
		},
		{
			name: "no coal",
			in:   rules.Input{At: inCampaign, Destination: rules.DestOther, Zones: []rules.ZoneHit{coalBan}},
			want: rules.Decision{Decision: "allow", Action: "pass", RulesVersion: "linfen-2020.1", Reasons: []rules.Reason{{
				Code: "NOT_COAL_CARGO", Effect: "note", Rule: "coal_products", Clause: clause22 + "二(六)",
				MessageZH: "车辆未装载煤炭及其制品，散煤管控规则不适用，准予通行",
				MessageEN: "The truck carries no coal product, so the coal-truck rules do not apply: pass",
			}}},
		},
		{
			name: "before the plan was issued no rules are in force",
			in: rules.Input{At: time.Date(2020, 4, 23, 23, 59, 59, 0, time.FixedZone("CST", 8*3600)), Destination: rules.DestResidential,
				Cargo: rules.Cargo{Fuel: rules.FuelCoal}, Zones: []rules.ZoneHit{coalBan}},
			want: rules.Decision{Decision: "allow", Action: "pass", Reasons: []rules.Reason{{
				Code: "NO_RULES_IN_FORCE", Effect: "note",
				MessageZH: "2020-04-23T23:59:59+08:00无生效的散煤管控规则，准予通行",
				MessageEN: "No coal-truck rules are in force at 2020-04-23T23:59:59+08:00: pass",
			}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rs.Decide(tc.in)
			g, _ := json.MarshalIndent(got, "", "  ")
			w, _ := json.MarshalIndent(tc.want, "", "  ")
			if string(g) != string(w) {
				t.Errorf("got\n%s\nwant\n%s", g, w)
			}
		})
	}
}

// TestDecisionJSON pins the wire shape, including ZoneHit's entry as [lon,lat].
func TestDecisionJSON(t *testing.T) {
	z := zCoal
	z.Entry = orb.Point{111.5, 36.25}
	got := rules.Default().Decide(rules.Input{At: inCampaign, Destination: rules.DestCoalPower,
		Cargo: rules.Cargo{Fuel: rules.FuelCoke}, Zones: []rules.ZoneHit{z}})
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"decision":"allow","action":"pass","reasons":[{"code":"EXEMPT_DESTINATION","effect":"note","rule":"coal_ban_entry",` +
		`"clause":"` + clause22 + `二(六)、二(一)","zone":{"layer":"coal_ban","id":"yd-cb","name":"尧都区建成区禁煤区","kind":"coal_ban","entry":[111.5,36.25]},` +
		`"message_zh":"车辆位于禁煤区「尧都区建成区禁煤区」，目的地为煤电企业，属豁免用煤单位，不受禁止进入限制",` +
		`"message_en":"The truck is inside coal-ban zone \"尧都区建成区禁煤区\" but its destination (coal power plant) is an exempt coal user, so the entry ban does not apply"}],` +
		`"rules_version":"linfen-2020.1"}`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

// TestDecideDuplicateZonesAndAliasing: a zone hit twice yields one reason,
// and reasons do not alias the caller's slice.
func TestDecideDuplicateZonesAndAliasing(t *testing.T) {
	zones := []rules.ZoneHit{zCoal, zBurn, zCoal, zBurn}
	got := rules.Default().Decide(rules.Input{At: inCampaign, Destination: rules.DestResidential,
		Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.1), AshPct: ptr(1)}, Zones: zones})
	if len(got.Reasons) != 2 || got.Reasons[0].Code != "COAL_BAN_ZONE" || got.Reasons[1].Code != "MISSING_DOCUMENTS" {
		t.Fatalf("reasons %v, want COAL_BAN_ZONE, MISSING_DOCUMENTS once each", codes(got))
	}
	zones[0].Name = "changed"
	if got.Reasons[0].Zone.Name != zCoal.Name {
		t.Errorf("reason zone aliases the input: %q", got.Reasons[0].Zone.Name)
	}
}

func TestDecideNilRuleSet(t *testing.T) {
	var rs *rules.RuleSet
	got := rs.Decide(rules.Input{At: inCampaign, Cargo: rules.Cargo{Fuel: rules.FuelCoal}})
	if got.Decision != "allow" || got.Action != "pass" || len(got.Reasons) != 1 || got.Reasons[0].Code != "NO_RULES_IN_FORCE" {
		t.Errorf("got %+v", got)
	}
}

// TestDecideNaNFails: a NaN measurement that slipped past Validate fails
// every limit on it instead of passing silently.
func TestDecideNaNFails(t *testing.T) {
	got := rules.Default().Decide(rules.Input{At: inCampaign, Destination: rules.DestResidential,
		Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(math.NaN()), AshPct: ptr(1)}})
	if got.Decision != "deny" || got.Reasons[0].Code != "FUEL_BELOW_STANDARD" {
		t.Errorf("got %v", codes(got))
	}
}

// TestDecideRandomAgainstOracle compares the engine with the oracle on random
// inputs (random measurements, not only edges). SEED overrides the seed.
func TestDecideRandomAgainstOracle(t *testing.T) {
	seed := uint64(20200801)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	rs := rules.Default()
	fuels := []rules.Fuel{rules.FuelNone, rules.FuelCoal, rules.FuelBriquette, rules.FuelCoke, rules.FuelSemiCoke}
	measure := func() *float64 {
		if rng.IntN(5) == 0 {
			return nil
		}
		return ptr(float64(rng.IntN(2000)) / 100) // 0.00 … 19.99
	}
	for i := range 20000 {
		sit := situations[rng.IntN(len(situations))]
		in := rules.Input{
			At:          inCampaign,
			Cargo:       rules.Cargo{Fuel: fuels[rng.IntN(len(fuels))], SulfurPct: measure(), AshPct: measure(), VolatilePct: measure()},
			Documents:   rules.Documents{SupplyContract: rng.IntN(2) == 0, QualityReport: rng.IntN(2) == 0},
			Destination: rules.Destinations()[rng.IntN(len(rules.Destinations()))],
			Zones:       sit.zones,
			Route:       rng.IntN(2) == 0,
		}
		wantDecision, want := oracle(in, false)
		if msg := compare(rs.Decide(in), wantDecision, want, in.Route); msg != "" {
			t.Fatalf("case %d (SEED=%d) %+v zones=%s: %s", i, seed, in.Cargo, sit.name, msg)
		}
	}
}
