package rules_test

import (
	"bytes"
	"testing"

	"github.com/zonegate/zonegate/geo/rules"
)

func BenchmarkDecide(b *testing.B) {
	rs := rules.Default()
	cases := []struct {
		name string
		in   rules.Input
	}{
		{"allow_in_burn_ban", rules.Input{At: inCampaign, Destination: rules.DestResidential,
			Cargo:     rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.4), AshPct: ptr(9.5)},
			Documents: rules.Documents{SupplyContract: true, QualityReport: true},
			Zones:     []rules.ZoneHit{zBurn, zAdmin}}},
		{"allow_outside_zones", rules.Input{At: inCampaign, Destination: rules.DestResidential,
			Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.4), AshPct: ptr(9.5)}}},
		{"deny_three_reasons", rules.Input{At: inCampaign, Destination: rules.DestResidential,
			Cargo: rules.Cargo{Fuel: rules.FuelCoal, SulfurPct: ptr(0.6), AshPct: ptr(11)},
			Zones: []rules.ZoneHit{zCoal, zBurn}}},
		{"not_coal", rules.Input{At: inCampaign, Destination: rules.DestOther, Zones: []rules.ZoneHit{zCoal, zBurn}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rs.Decide(c.in)
			}
		})
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	data := rules.DefaultJSON()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Load(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
