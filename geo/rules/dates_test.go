package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/geo/rules"
)

// twoVersions is the default file, its version bounded to the road-check
// campaign [2020-08-01, 2021-04-01), plus a later open-ended version
// "linfen-2021.1" from 2021-11-01 (+08:00), listed first in the file, with a
// gap between the two.
func twoVersions(t *testing.T) *rules.RuleSet {
	file := mutated(t, func(d map[string]any) {
		first := ver(d, 0)
		first["effective_from"], first["effective_to"] = "2020-08-01T00:00:00+08:00", "2021-04-01T00:00:00+08:00"
		v := clone(t, first)
		v["version"], v["effective_from"], v["effective_to"] = "linfen-2021.1", "2021-11-01T00:00:00+08:00", nil
		d["versions"] = append([]any{v}, d["versions"].([]any)...)
	})
	rs, err := rules.Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestEffectiveDateSelection(t *testing.T) {
	rs := twoVersions(t)
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		at   time.Time
		want string // rules version, "" = none in force
	}{
		{"zero time", time.Time{}, ""},
		{"before the first version", time.Date(2019, 1, 1, 0, 0, 0, 0, cst), ""},
		{"one second before the start, in UTC", time.Date(2020, 7, 31, 15, 59, 59, 0, time.UTC), ""},
		{"start is inclusive, given in UTC", time.Date(2020, 7, 31, 16, 0, 0, 0, time.UTC), "linfen-2020.1"},
		{"last second of the campaign", time.Date(2021, 3, 31, 23, 59, 59, 0, cst), "linfen-2020.1"},
		{"end is exclusive", time.Date(2021, 4, 1, 0, 0, 0, 0, cst), ""},
		{"between versions", time.Date(2021, 6, 1, 0, 0, 0, 0, cst), ""},
		{"start of the second version", time.Date(2021, 11, 1, 0, 0, 0, 0, cst), "linfen-2021.1"},
		{"open-ended second version", time.Date(2035, 1, 1, 0, 0, 0, 0, cst), "linfen-2021.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rs.Decide(rules.Input{At: tc.at, Destination: rules.DestResidential,
				Cargo: rules.Cargo{Fuel: rules.FuelCoal}, Zones: []rules.ZoneHit{zCoal}})
			if got.RulesVersion != tc.want {
				t.Fatalf("rules_version %q, want %q", got.RulesVersion, tc.want)
			}
			wantCode, wantDecision := "COAL_BAN_ZONE", "deny"
			if tc.want == "" {
				wantCode, wantDecision = "NO_RULES_IN_FORCE", "allow"
			}
			if got.Decision != wantDecision || got.Reasons[0].Code != wantCode {
				t.Errorf("decision %s %v, want %s %s", got.Decision, codes(got), wantDecision, wantCode)
			}
		})
	}
	vs := rs.Versions()
	if len(vs) != 2 || vs[0].Version != "linfen-2020.1" || vs[1].Version != "linfen-2021.1" || !vs[1].EffectiveTo.IsZero() {
		t.Errorf("Versions() = %+v, want 2020.1 then open-ended 2021.1", vs)
	}
}

func TestAdjacentVersionsLoad(t *testing.T) {
	file := mutated(t, func(d map[string]any) {
		ver(d, 0)["effective_to"] = "2021-04-01T00:00:00+08:00"
		v := clone(t, ver(d, 0))
		v["version"], v["effective_from"], v["effective_to"] = "next", "2021-03-31T16:00:00Z", nil
		d["versions"] = append(d["versions"].([]any), v)
	})
	rs, err := rules.Load(strings.NewReader(file))
	if err != nil {
		t.Fatalf("versions meeting at 2021-04-01T00:00+08:00 rejected: %v", err)
	}
	got := rs.Decide(rules.Input{At: time.Date(2021, 4, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600)), Cargo: rules.Cargo{Fuel: rules.FuelCoal}})
	if got.RulesVersion != "next" {
		t.Errorf("at the boundary rules_version %q, want next", got.RulesVersion)
	}
}

// TestGeneralAtLimitConfigurable: flipping at_limit of the general standard
// in a custom file moves the 0.5 % sulfur and 15 % ash edges, and only those.
func TestGeneralAtLimitConfigurable(t *testing.T) {
	file := mutated(t, func(d map[string]any) {
		for _, lims := range std(d, 1)["limits"].(map[string]any) {
			for _, l := range lims.([]any) {
				l.(map[string]any)["at_limit"] = "allowed"
			}
		}
	})
	flipped, err := rules.Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	def := rules.Default()
	atEdge := rules.Input{At: inCampaign, Destination: rules.DestResidential,
		Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.5), AshPct: ptr(5)}}
	if got := def.Decide(atEdge); got.Decision != "deny" || got.Reasons[0].Code != "FUEL_BELOW_STANDARD" {
		t.Errorf("default at sulfur 0.5 outside zones: %s %v, want deny FUEL_BELOW_STANDARD", got.Decision, codes(got))
	}
	if got := flipped.Decide(atEdge); got.Decision != "allow" || len(got.Reasons) != 0 {
		t.Errorf("flipped at sulfur 0.5 outside zones: %s %v, want allow without reasons", got.Decision, codes(got))
	}
	// Everywhere else the flipped file agrees with the oracle's flipped reading.
	n := 0
	for _, cargo := range cargoes() {
		for _, sit := range situations {
			for _, dest := range rules.Destinations() {
				in := rules.Input{At: inCampaign, Cargo: cargo, Destination: dest, Zones: sit.zones,
					Documents: rules.Documents{SupplyContract: true, QualityReport: true}}
				wantDecision, want := oracle(in, true)
				if msg := compare(flipped.Decide(in), wantDecision, want, false); msg != "" {
					t.Fatalf("%+v %s %s: %s", cargo, sit.name, dest, msg)
				}
				n++
			}
		}
	}
	t.Logf("%d cases agree with the flipped oracle", n)
}
