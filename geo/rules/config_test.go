package rules_test

import (
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo/rules"
)

// TestConfigurableRules: lists and policies in the file change decisions.
func TestConfigurableRules(t *testing.T) {
	tests := []struct {
		name string
		edit func(d map[string]any)
		in   rules.Input
		want []expect
	}{
		{
			name: "documents rule with an exempt destination gives a note",
			edit: func(d map[string]any) { obj(d, "burn_ban_documents")["exempt_destinations"] = []any{"coal_power"} },
			in:   rules.Input{Destination: rules.DestCoalPower, Cargo: rules.Cargo{Fuel: rules.FuelCoal}, Zones: []rules.ZoneHit{zBurn}},
			want: []expect{{code: "EXEMPT_DESTINATION", effect: "note", zoneLayer: "burn_ban", zoneID: "yd-bb"}},
		},
		{
			name: "missing measurement configured to deny",
			edit: func(d map[string]any) { std(d, 0)["missing_measurement"] = "deny" },
			in: rules.Input{Destination: rules.DestResidential, Cargo: rules.Cargo{Fuel: rules.FuelCoke, SulfurPct: ptr(0.1)},
				Documents: rules.Documents{SupplyContract: true, QualityReport: true}, Zones: []rules.ZoneHit{zBurn}},
			want: []expect{{code: "FUEL_QUALITY_UNKNOWN", effect: "deny", zoneLayer: "burn_ban", zoneID: "yd-bb"}},
		},
		{
			name: "coal-ban rule omitted",
			edit: func(d map[string]any) { delete(ver(d, 0), "coal_ban") },
			in:   rules.Input{Destination: rules.DestResidential, Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.1), AshPct: ptr(1)}, Zones: []rules.ZoneHit{zCoal}},
			want: []expect{},
		},
		{
			name: "coke not a coal product",
			edit: func(d map[string]any) { ver(d, 0)["coal_products"] = []any{"coal", "briquette", "semi_coke"} },
			in:   rules.Input{Destination: rules.DestResidential, Cargo: rules.Cargo{Fuel: rules.FuelCoke}, Zones: []rules.ZoneHit{zCoal}},
			want: []expect{{code: "NOT_COAL_CARGO", effect: "note"}},
		},
		{
			name: "general standard also applied in coal-ban-only zones",
			edit: func(d map[string]any) { std(d, 1)["outside_zone_kinds"] = []any{"burn_ban"} },
			in:   rules.Input{Destination: rules.DestResidential, Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.5), AshPct: ptr(1)}, Zones: []rules.ZoneHit{zCoal}},
			want: []expect{{code: "COAL_BAN_ZONE", effect: "deny", zoneLayer: "coal_ban", zoneID: "yd-cb"}, {code: "FUEL_BELOW_STANDARD", effect: "deny"}},
		},
		{
			name: "general standard extended to exempt industrial users",
			edit: func(d map[string]any) {
				std(d, 1)["outside_zone_kinds"] = []any{"burn_ban"}
				std(d, 1)["destinations"] = []any{"coal_power"}
			},
			in:   rules.Input{Destination: rules.DestCoalPower, Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.5), AshPct: ptr(1)}, Zones: []rules.ZoneHit{zCoal}},
			want: []expect{{code: "FUEL_BELOW_STANDARD", effect: "deny"}, {code: "EXEMPT_DESTINATION", effect: "note", zoneLayer: "coal_ban", zoneID: "yd-cb"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := rules.Load(strings.NewReader(mutated(t, tc.edit)))
			if err != nil {
				t.Fatal(err)
			}
			tc.in.At = inCampaign
			got := rs.Decide(tc.in)
			if g, w := codes(got), tc.want; len(g) != len(w) || (len(g) > 0 && fmtExp(g) != fmtExp(w)) {
				t.Errorf("reasons %v, want %v", g, w)
			}
		})
	}
}

func fmtExp(es []expect) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.String() + ";")
	}
	return b.String()
}
