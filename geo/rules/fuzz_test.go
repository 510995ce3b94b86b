package rules_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/rules"
)

// FuzzLoad: Load never panics; whatever it accepts has disjoint, sorted
// versions and decides without panicking.
func FuzzLoad(f *testing.F) {
	f.Add(rules.DefaultJSON())
	f.Add([]byte(mutated(f, func(d map[string]any) { ver(d, 0)["effective_to"] = nil })))
	f.Add([]byte(`{"schema":"zonegate.rules/v1","versions":[{"version":"a","effective_from":"2020-01-01T00:00:00Z","coal_products":["coal"]}]}`))
	f.Add([]byte(`{"schema":"zonegate.rules/v1","versions":[{"version":"a","effective_from":"2020-01-01T00:00:00Z","coal_products":["coal"],"fuel_standards":[{"rule":"x","name_zh":"x","name_en":"x","inside_zone_kinds":["burn_ban"],"destinations":["other"],"missing_measurement":"deny","limits":{"coal":[{"measure":"ash_pct","limit":0,"at_limit":"banned"}]},"citations":[{"source":"s","section":"1","quote":"q"}]}]}],"sources":[{"id":"s","title":"t"}]}`))
	f.Add([]byte(`{"versions":[null,{}],"sources":null}`))
	f.Add([]byte(`{"schema":"zonegate.rules/v1","versions":[{"fuel_standards":[{"limits":{"coal":[{"limit":1e400}]}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := rules.Load(bytes.NewReader(data))
		if err != nil {
			if rs != nil {
				t.Fatal("non-nil RuleSet with an error")
			}
			return
		}
		vs := rs.Versions()
		for i := 1; i < len(vs); i++ {
			if vs[i-1].EffectiveTo.IsZero() || vs[i-1].EffectiveTo.After(vs[i].EffectiveFrom) {
				t.Fatalf("versions %d and %d overlap: %+v", i-1, i, vs)
			}
		}
		for _, v := range vs {
			for _, fuel := range rules.Fuels() {
				d := rs.Decide(rules.Input{At: v.EffectiveFrom, Destination: rules.DestOther,
					Cargo: rules.Cargo{Fuel: fuel, SulfurPct: ptr(0.5)},
					Zones: []rules.ZoneHit{zCoal, zBurn}})
				if d.RulesVersion != v.Version {
					t.Fatalf("at %s decided with %q, want %q", v.EffectiveFrom, d.RulesVersion, v.Version)
				}
			}
		}
	})
}

// FuzzDecide: Decide never panics on arbitrary (unvalidated) input, and its
// decision always agrees with its reasons.
func FuzzDecide(f *testing.F) {
	f.Add("coal", "residential", 0.5, 10.0, 12.0, uint8(0xff), int64(1604188800))
	f.Add("wood", "", math.NaN(), math.Inf(1), -1.0, uint8(0), int64(0))
	rs := rules.Default()
	f.Fuzz(func(t *testing.T, fuel, dest string, s, a, v float64, bits uint8, unix int64) {
		in := rules.Input{
			At:          time.Unix(unix, 0),
			Cargo:       rules.Cargo{Fuel: rules.Fuel(fuel)},
			Documents:   rules.Documents{SupplyContract: bits&1 != 0, QualityReport: bits&2 != 0},
			Destination: rules.Destination(dest),
			Route:       bits&4 != 0,
		}
		if bits&8 != 0 {
			in.Cargo.SulfurPct = &s
		}
		if bits&16 != 0 {
			in.Cargo.AshPct = &a
		}
		if bits&32 != 0 {
			in.Cargo.VolatilePct = &v
		}
		if bits&64 != 0 {
			in.Zones = append(in.Zones, zCoal)
		}
		if bits&128 != 0 {
			in.Zones = append(in.Zones, zBurn, rules.ZoneHit{Layer: "l", ID: "i", Kind: geo.Kind(dest)})
		}
		d := rs.Decide(in)
		deny := false
		for _, r := range d.Reasons {
			deny = deny || r.Effect == rules.EffectDeny
			if r.MessageZH == "" || r.MessageEN == "" {
				t.Fatalf("empty message in %+v", r)
			}
		}
		if deny != (d.Decision == rules.DecisionDeny) || deny != (d.Action == rules.ActionTurnBack) || d.Reasons == nil {
			t.Fatalf("decision %+v inconsistent with its reasons", d)
		}
	})
}
