package rules_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/rules"
)

func TestParseFuel(t *testing.T) {
	tests := []struct {
		in      string
		want    rules.Fuel
		wantErr string
	}{
		{"", rules.FuelNone, ""},
		{"none", rules.FuelNone, ""},
		{"coal", rules.FuelCoal, ""},
		{"briquette", rules.FuelBriquette, ""},
		{"coke", rules.FuelCoke, ""},
		{"semi_coke", rules.FuelSemiCoke, ""},
		{"Coal", "", `unknown fuel "Coal" (want one of [none coal briquette coke semi_coke])`},
		{"煤炭", "", `unknown fuel "煤炭" (want one of [none coal briquette coke semi_coke])`},
	}
	for _, tc := range tests {
		got, err := rules.ParseFuel(tc.in)
		if got != tc.want || errString(err) != tc.wantErr {
			t.Errorf("ParseFuel(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestParseDestination(t *testing.T) {
	for _, d := range rules.Destinations() {
		if got, err := rules.ParseDestination(string(d)); got != d || err != nil {
			t.Errorf("ParseDestination(%q) = %q, %v", d, got, err)
		}
	}
	for _, bad := range []string{"", "Residential", "hospital"} {
		got, err := rules.ParseDestination(bad)
		want := `unknown destination "` + bad + `" (want one of [coal_power central_heating raw_material residential business other])`
		if got != "" || errString(err) != want {
			t.Errorf("ParseDestination(%q) = %q, %v; want error %q", bad, got, err, want)
		}
	}
}

func TestInputValidate(t *testing.T) {
	ok := rules.Input{At: inCampaign, Destination: rules.DestResidential,
		Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0), AshPct: ptr(100)}, Zones: []rules.ZoneHit{zCoal}}
	tests := []struct {
		name string
		edit func(*rules.Input)
		want string
	}{
		{"valid", func(*rules.Input) {}, ""},
		{"unknown fuel", func(in *rules.Input) { in.Cargo.Fuel = "wood" }, `cargo.fuel: unknown fuel "wood" (want one of [none coal briquette coke semi_coke])`},
		{"missing destination", func(in *rules.Input) { in.Destination = "" }, `destination: unknown destination "" (want one of [coal_power central_heating raw_material residential business other])`},
		{"negative sulfur", func(in *rules.Input) { in.Cargo.SulfurPct = ptr(-0.1) }, "cargo.sulfur_pct: -0.1 is not a percentage in [0, 100]"},
		{"ash over 100", func(in *rules.Input) { in.Cargo.AshPct = ptr(100.01) }, "cargo.ash_pct: 100.01 is not a percentage in [0, 100]"},
		{"NaN volatile", func(in *rules.Input) { in.Cargo.VolatilePct = ptr(math.NaN()) }, "cargo.volatile_pct: NaN is not a percentage in [0, 100]"},
		{"zone without kind", func(in *rules.Input) { in.Zones = []rules.ZoneHit{zCoal, {Layer: "x", ID: "y"}} }, "zones[1]: layer, id and kind are required"},
		{"infinite entry", func(in *rules.Input) {
			in.Zones = []rules.ZoneHit{{Layer: "x", ID: "y", Kind: "burn_ban", Entry: orb.Point{math.Inf(1), 0}}}
		}, "zones[0].entry: coordinates must be finite"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			if got := errString(in.Validate()); got != tc.want {
				t.Errorf("Validate() = %q, want %q", got, tc.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
