package rules

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// Fuel is the cargo a truck carries. The four coal products of the gazette
// are known; FuelNone (or the empty string) means the truck carries no coal
// product. Which fuels count as coal products is set by the rules file
// ("coal_products").
type Fuel string

// Known fuels.
const (
	FuelNone      Fuel = "none"      // no coal product
	FuelCoal      Fuel = "coal"      // 煤炭
	FuelBriquette Fuel = "briquette" // 型煤
	FuelCoke      Fuel = "coke"      // 焦炭
	FuelSemiCoke  Fuel = "semi_coke" // 兰炭
)

var fuels = [...]Fuel{FuelNone, FuelCoal, FuelBriquette, FuelCoke, FuelSemiCoke}

// Fuels lists every fuel ParseFuel accepts, in a stable order. The slice is
// the caller's.
func Fuels() []Fuel { return slices.Clone(fuels[:]) }

// ParseFuel returns the fuel named s. The empty string parses as FuelNone.
// Any other name is an error listing the valid names.
func ParseFuel(s string) (Fuel, error) {
	if s == "" {
		return FuelNone, nil
	}
	for _, f := range fuels {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown fuel %q (want one of %v)", s, fuels)
}

// Destination is the category of the consignee the coal is bound for.
type Destination string

// Known destinations. The first three are the coal users the gazette exempts
// from the coal-ban zone (煤电、集中供热和原料用煤企业).
const (
	DestCoalPower      Destination = "coal_power"      // 煤电企业
	DestCentralHeating Destination = "central_heating" // 集中供热企业
	DestRawMaterial    Destination = "raw_material"    // 原料用煤企业
	DestResidential    Destination = "residential"     // 居民生活取暖
	DestBusiness       Destination = "business"        // 单位、经营户（含销售点）
	DestOther          Destination = "other"           // anything else or unknown
)

var destinations = [...]Destination{
	DestCoalPower, DestCentralHeating, DestRawMaterial, DestResidential, DestBusiness, DestOther,
}

// Destinations lists every destination ParseDestination accepts, in a stable
// order. The slice is the caller's.
func Destinations() []Destination { return slices.Clone(destinations[:]) }

// ParseDestination returns the destination named s, or an error listing the
// valid names. The empty string is an error: a caller that does not know the
// destination should say "other", which no rule exempts.
func ParseDestination(s string) (Destination, error) {
	for _, d := range destinations {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown destination %q (want one of %v)", s, destinations)
}

// Cargo is the load and its measured quality, in percent by mass as printed
// on a quality test report. A nil measurement is unknown.
type Cargo struct {
	Fuel        Fuel     `json:"fuel"`
	SulfurPct   *float64 `json:"sulfur_pct,omitempty"`   // 含硫量 (全硫) %
	AshPct      *float64 `json:"ash_pct,omitempty"`      // 灰分 %
	VolatilePct *float64 `json:"volatile_pct,omitempty"` // 挥发分 %
}

// Documents says which papers the truck carries.
type Documents struct {
	SupplyContract bool `json:"supply_contract"` // 供销合同
	QualityReport  bool `json:"quality_report"`  // 《质检报告》
}

// ZoneHit is a zone the truck is in or its route enters. Entry is the truck's
// position, or for a route the point where the route enters the zone
// (JSON [lon,lat]). Rules react to Kind; Layer and ID identify the zone in
// reasons and Name appears in messages.
type ZoneHit struct {
	Layer string    `json:"layer"`
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	Kind  geo.Kind  `json:"kind"`
	Entry orb.Point `json:"entry"`
}

// Input is one coal-truck question: at time At, a truck with this cargo,
// documents and destination is in (Route false) or is routed into (Route true)
// the zones listed. Zones must already be filtered to the zone versions in
// force at At; an empty list means the truck is outside every zone.
type Input struct {
	At          time.Time
	Cargo       Cargo
	Documents   Documents
	Destination Destination
	Zones       []ZoneHit
	Route       bool
	// RouteCompliance is the designated-route result for the route (rule
	// 4). nil: not computed (no route, or no designated routes are
	// published), and the route rule does not apply.
	RouteCompliance *RouteCompliance
}

// RouteCompliance is how the truck's route relates to the designated
// coal-route corridors, computed by the caller (see geo/route) and passed
// in so the rules need no geometry.
type RouteCompliance struct {
	// Compliant: the route stays inside the corridors. When the rules
	// file lists counties, Compliant, FirstOff, FirstOffAlongM and
	// OffLengthM describe only the parts of the route inside those
	// counties (the caller scopes them; see RuleSet.RoutesApply).
	Compliant bool
	// FirstOff is where the route first leaves every corridor (its first
	// vertex if it starts outside); meaningful when not Compliant.
	FirstOff orb.Point
	// FirstOffAlongM is the distance along the route to FirstOff, metres.
	FirstOffAlongM float64
	// OffLengthM is the route's total length outside every corridor.
	OffLengthM float64
	// Counties are the ids of the admin zones the route passes through;
	// the rules file's counties list is matched against them.
	Counties []string
}

// OffRoute details an OFF_DESIGNATED_ROUTE reason.
type OffRoute struct {
	FirstOff   orb.Point `json:"first_off"`
	AlongM     float64   `json:"along_m"`
	OffLengthM float64   `json:"off_length_m"`
}

// Validate reports the first field of in that Decide would not understand:
// an unknown fuel or destination, a measurement that is not a finite number
// in [0, 100], a zone hit without layer, id or kind, or a non-finite entry
// point. Decide itself never fails; callers validate untrusted input first.
func (in Input) Validate() error {
	if _, err := ParseFuel(string(in.Cargo.Fuel)); err != nil {
		return fmt.Errorf("cargo.fuel: %w", err)
	}
	if _, err := ParseDestination(string(in.Destination)); err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	for _, m := range []struct {
		name string
		v    *float64
	}{{"sulfur_pct", in.Cargo.SulfurPct}, {"ash_pct", in.Cargo.AshPct}, {"volatile_pct", in.Cargo.VolatilePct}} {
		if m.v != nil && !(*m.v >= 0 && *m.v <= 100) {
			return fmt.Errorf("cargo.%s: %v is not a percentage in [0, 100]", m.name, *m.v)
		}
	}
	if rc := in.RouteCompliance; rc != nil {
		if !finite(rc.FirstOff[0]) || !finite(rc.FirstOff[1]) {
			return fmt.Errorf("route_compliance.first_off: coordinates must be finite")
		}
		if !(rc.FirstOffAlongM >= 0) || !(rc.OffLengthM >= 0) || math.IsInf(rc.FirstOffAlongM+rc.OffLengthM, 0) {
			return fmt.Errorf("route_compliance: distances must be finite and non-negative")
		}
	}
	for i, z := range in.Zones {
		if z.Layer == "" || z.ID == "" || z.Kind == "" {
			return fmt.Errorf("zones[%d]: layer, id and kind are required", i)
		}
		if !finite(z.Entry[0]) || !finite(z.Entry[1]) {
			return fmt.Errorf("zones[%d].entry: coordinates must be finite", i)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Reason codes. They are stable API: clients and the inspection log key on
// them.
const (
	// CodeCoalBanZone (deny): a coal-product truck is in, or routed into, a
	// coal-ban zone and its destination is not exempt.
	CodeCoalBanZone = "COAL_BAN_ZONE"
	// CodeMissingDocuments (deny): a coal-product truck is in, or routed
	// into, a burn-ban zone without every required document.
	CodeMissingDocuments = "MISSING_DOCUMENTS"
	// CodeFuelBelowStandard (deny): the cargo fails a civil fuel standard
	// that applies where the truck is.
	CodeFuelBelowStandard = "FUEL_BELOW_STANDARD"
	// CodeOffDesignatedRoute (deny): during the road-check campaign, a
	// coal-product truck's route leaves every designated coal-route
	// corridor (rule 4). The reason carries OffRoute.
	CodeOffDesignatedRoute = "OFF_DESIGNATED_ROUTE"
	// CodeRouteRuleNotApplicable (note): the route rule is in its campaign
	// but the route passes through no county listed as having published routes.
	CodeRouteRuleNotApplicable = "ROUTE_RULE_NOT_APPLICABLE"
	// CodeExemptDestination (note): a coal-ban zone was hit but the
	// destination is exempt from it.
	CodeExemptDestination = "EXEMPT_DESTINATION"
	// CodeNotCoalCargo (note): the truck carries no coal product, so the
	// coal rules do not apply.
	CodeNotCoalCargo = "NOT_COAL_CARGO"
	// CodeFuelQualityUnknown (note, or deny where the rules file says so): a
	// fuel standard applies but a measurement it limits was not given.
	CodeFuelQualityUnknown = "FUEL_QUALITY_UNKNOWN"
	// CodeNoRulesInForce (note): no rules version is effective at Input.At;
	// the truck is allowed.
	CodeNoRulesInForce = "NO_RULES_IN_FORCE"
)

// Effects of a reason.
const (
	EffectDeny = "deny" // the reason alone makes the decision deny
	EffectNote = "note" // informational
)

// Decisions and actions.
const (
	DecisionAllow  = "allow"
	DecisionDeny   = "deny"
	ActionPass     = "pass"      // 放行
	ActionTurnBack = "turn_back" // 劝返
)

// Reason is one finding behind a decision. Rule is the rule id from the rules
// file; Clause cites the gazette document and sections it rests on; Zone is
// the zone that triggered it (nil for findings not tied to a zone).
type Reason struct {
	Code   string   `json:"code"`
	Effect string   `json:"effect"`
	Rule   string   `json:"rule"`
	Clause string   `json:"clause"`
	Zone   *ZoneHit `json:"zone,omitempty"`
	// OffRoute is set on OFF_DESIGNATED_ROUTE reasons only.
	OffRoute  *OffRoute `json:"off_route,omitempty"`
	MessageZH string    `json:"message_zh"`
	MessageEN string    `json:"message_en"`
}

// Decision is the answer to one Input. Decision is deny exactly when some
// reason has effect deny, and then Action is turn_back (劝返); otherwise
// allow and pass. Reasons is never nil. RulesVersion names the rules version
// applied, empty when none was in force.
type Decision struct {
	Decision     string   `json:"decision"`
	Action       string   `json:"action"`
	Reasons      []Reason `json:"reasons"`
	RulesVersion string   `json:"rules_version"`
}
