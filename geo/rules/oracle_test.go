package rules_test

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/rules"
)

// This file is an independent model of the default rules, written as
// explicit tables and plain boolean logic rather than through the rules
// file, so the engine and the shipped file are checked against the gazette
// as read by hand.

// situation is where the truck is relative to zones.
type situation struct {
	name  string
	zones []rules.ZoneHit
}

var (
	zCoal  = rules.ZoneHit{Layer: "coal_ban", ID: "yd-cb", Name: "尧都区建成区禁煤区", Kind: geo.KindCoalBan}
	zBurn  = rules.ZoneHit{Layer: "burn_ban", ID: "yd-bb", Name: "尧都区禁燃区", Kind: geo.KindBurnBan}
	zBurn2 = rules.ZoneHit{Layer: "burn_ban", ID: "hd-bb", Name: "洪洞县禁燃区", Kind: geo.KindBurnBan}
	zAdmin = rules.ZoneHit{Layer: "counties", ID: "yaodu", Name: "尧都区", Kind: geo.KindAdmin}
)

var situations = []situation{
	{"none", nil},
	{"admin_only", []rules.ZoneHit{zAdmin}},
	{"burn_ban", []rules.ZoneHit{zBurn, zAdmin}},
	{"coal_ban+burn_ban", []rules.ZoneHit{zCoal, zBurn}},
	{"coal_ban_only", []rules.ZoneHit{zCoal}},
	{"coal_ban+2_burn_bans", []rules.ZoneHit{zBurn2, zCoal, zBurn}},
}

// expect is one expected reason.
type expect struct {
	code, effect, zoneLayer, zoneID string
	values                          []string // "含硫量0.51%" fragments the zh message must contain
}

func (e expect) String() string {
	return fmt.Sprintf("%s/%s/%s:%s", e.code, e.effect, e.zoneLayer, e.zoneID)
}

type bound struct {
	measure string
	max     float64
}

// burnBanLimits: "…以下" — values equal to max are allowed.
var burnBanLimits = map[rules.Fuel][]bound{
	rules.FuelCoal:      {{"sulfur", 0.5}, {"ash", 10}},
	rules.FuelBriquette: {{"sulfur", 0.5}, {"volatile", 12}},
	rules.FuelCoke:      {{"sulfur", 0.5}, {"ash", 10}, {"volatile", 5}},
	rules.FuelSemiCoke:  {{"sulfur", 0.5}, {"ash", 10}, {"volatile", 10}},
}

// generalLimits: "…以上" banned — values equal to max are banned.
var generalLimits = map[rules.Fuel][]bound{
	rules.FuelCoal:      {{"sulfur", 0.5}, {"ash", 15}},
	rules.FuelBriquette: {{"sulfur", 0.5}, {"ash", 15}},
	rules.FuelCoke:      {{"sulfur", 0.5}, {"ash", 15}},
	rules.FuelSemiCoke:  {{"sulfur", 0.5}, {"ash", 15}},
}

var zhMeasure = map[string]string{"sulfur": "含硫量", "ash": "灰分", "volatile": "挥发分"}

func get(c rules.Cargo, m string) *float64 {
	switch m {
	case "sulfur":
		return c.SulfurPct
	case "ash":
		return c.AshPct
	}
	return c.VolatilePct
}

// oracle returns the decision and sorted reasons the default rules give.
// generalAtLimitAllowed flips the outer-area reading.
func oracle(in rules.Input, generalAtLimitAllowed bool) (string, []expect) {
	var out []expect
	if in.Cargo.Fuel == rules.FuelNone || in.Cargo.Fuel == "" {
		return "allow", []expect{{code: "NOT_COAL_CARGO", effect: "note"}}
	}
	var coal, burns []rules.ZoneHit
	for _, z := range in.Zones {
		if z.Kind == geo.KindCoalBan {
			coal = append(coal, z)
		}
		if z.Kind == geo.KindBurnBan {
			burns = append(burns, z)
		}
	}
	d := in.Destination
	industrial := d == "coal_power" || d == "central_heating" || d == "raw_material"
	for _, z := range coal {
		if industrial {
			out = append(out, expect{code: "EXEMPT_DESTINATION", effect: "note", zoneLayer: z.Layer, zoneID: z.ID})
		} else {
			out = append(out, expect{code: "COAL_BAN_ZONE", effect: "deny", zoneLayer: z.Layer, zoneID: z.ID})
		}
	}
	if !(in.Documents.SupplyContract && in.Documents.QualityReport) {
		for _, z := range burns {
			out = append(out, expect{code: "MISSING_DOCUMENTS", effect: "deny", zoneLayer: z.Layer, zoneID: z.ID})
		}
	}
	// Rule 4: the campaign runs 2020-08-01 … 2021-03-31 (+08:00) in every
	// county; a route off the corridors is turned back.
	campaignFrom := time.Date(2020, 8, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	campaignEnd := time.Date(2021, 4, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	if rc := in.RouteCompliance; in.Route && rc != nil && !rc.Compliant && !in.At.Before(campaignFrom) && in.At.Before(campaignEnd) {
		out = append(out, expect{code: "OFF_DESIGNATED_ROUTE", effect: "deny", values: []string{"偏离路线共" + strconv.FormatFloat(rc.OffLengthM, 'f', -1, 64) + "米"}})
	}
	civil := d == "residential" || d == "business" || d == "other"
	check := func(bs []bound, equalAllowed bool, layer, id string) {
		var bad, unknown bool
		var vals []string
		for _, b := range bs {
			v := get(in.Cargo, b.measure)
			if v == nil {
				unknown = true
				continue
			}
			over := *v > b.max || (*v == b.max && !equalAllowed)
			if over {
				bad = true
				vals = append(vals, zhMeasure[b.measure]+strconv.FormatFloat(*v, 'f', -1, 64)+"%")
			}
		}
		if bad {
			out = append(out, expect{code: "FUEL_BELOW_STANDARD", effect: "deny", zoneLayer: layer, zoneID: id, values: vals})
		}
		if unknown {
			out = append(out, expect{code: "FUEL_QUALITY_UNKNOWN", effect: "note", zoneLayer: layer, zoneID: id})
		}
	}
	if civil {
		if len(burns) > 0 {
			for _, z := range burns {
				check(burnBanLimits[in.Cargo.Fuel], true, z.Layer, z.ID)
			}
		} else if len(coal) == 0 {
			check(generalLimits[in.Cargo.Fuel], generalAtLimitAllowed, "", "")
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ki := fmt.Sprintf("%v|%s|%s|%s", out[i].effect != "deny", out[i].code, out[i].zoneLayer, out[i].zoneID)
		kj := fmt.Sprintf("%v|%s|%s|%s", out[j].effect != "deny", out[j].code, out[j].zoneLayer, out[j].zoneID)
		return ki < kj
	})
	decision := "allow"
	for _, e := range out {
		if e.effect == "deny" {
			decision = "deny"
		}
	}
	return decision, out
}
