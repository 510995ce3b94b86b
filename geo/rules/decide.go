package rules

import (
	"cmp"
	"slices"

	"github.com/zonegate/zonegate/geo"
)

// Decide answers one coal-truck question with the rules version in force at
// in.At. It never fails and never panics; for untrusted input call
// Input.Validate first (an unknown fuel is treated as no coal product, a NaN
// measurement fails every limit on it). A nil RuleSet has no versions.
//
// The steps, each driven by the rules file:
//
//   - No version in force at At: allow, note NO_RULES_IN_FORCE.
//   - Fuel not listed in coal_products: allow, note NOT_COAL_CARGO.
//   - coal_ban: for every hit zone of its zone_kinds, COAL_BAN_ZONE (deny)
//     unless the destination is in exempt_destinations, then
//     EXEMPT_DESTINATION (note).
//   - burn_ban_documents: unless the destination is exempt, for every hit
//     zone of its zone_kinds, MISSING_DOCUMENTS (deny) when any of
//     required_documents is not carried; the message names the missing ones.
//   - fuel_standards, each applying only to its destinations and to fuels it
//     has limits for: an inside standard is checked once per hit zone of its
//     inside_zone_kinds, an outside standard once (no zone) when no hit zone
//     has one of its outside_zone_kinds. A failed limit gives
//     FUEL_BELOW_STANDARD (deny) naming every failing value and limit; a
//     limited measurement that is nil gives FUEL_QUALITY_UNKNOWN with the
//     effect the standard's missing_measurement sets.
//
// Zone hits repeating an earlier (layer, id) are ignored. The decision is
// deny (action turn_back) when any reason denies, else allow (pass). Reasons
// are sorted: deny before note, then by code, zone layer, zone id, rule.
func (rs *RuleSet) Decide(in Input) Decision {
	var v *version
	d := decider{in: in}
	if rs != nil {
		v, d.msgs = rs.versionAt(in.At), &rs.msgs
	}
	switch {
	case v == nil:
		d.add(Reason{Code: CodeNoRulesInForce, Effect: EffectNote}, msgNoRules(in.At))
	case !slices.Contains(v.coalProducts, in.Cargo.Fuel):
		d.add(Reason{Code: CodeNotCoalCargo, Effect: EffectNote, Rule: RuleCoalProducts, Clause: v.clause}, msgNotCoal())
	default:
		d.zones = uniqueZones(in.Zones)
		d.version(v)
	}
	return d.finish(v)
}

// RuleCoalProducts is the rule id of NOT_COAL_CARGO notes: the version's
// coal_products list, cited with the version's own citations.
const RuleCoalProducts = "coal_products"

// decider accumulates the reasons for one Input.
type decider struct {
	in      Input
	zones   []ZoneHit
	reasons []Reason
	msgs    *messageCache // the rule set's
}

func (d *decider) add(r Reason, m message) {
	r.MessageZH, r.MessageEN = m.zh, m.en
	d.reasons = append(d.reasons, r)
}

func (d *decider) version(v *version) {
	dest := d.in.Destination
	if cb := v.coalBan; cb != nil {
		for i := range d.zones {
			z := &d.zones[i]
			if !slices.Contains(cb.kinds, z.Kind) {
				continue
			}
			r := Reason{Rule: cb.rule, Clause: cb.clause, Zone: zonePtr(z)}
			if slices.Contains(cb.exempt, dest) {
				r.Code, r.Effect = CodeExemptDestination, EffectNote
				d.add(r, d.msgs.get(msgKindExemptCoalBan, z, d.in.Route, dest, msgExemptCoalBan))
			} else {
				r.Code, r.Effect = CodeCoalBanZone, EffectDeny
				d.add(r, d.msgs.get(msgKindCoalBan, z, d.in.Route, dest, msgCoalBan))
			}
		}
	}
	if dr := v.docs; dr != nil {
		d.documents(dr)
	}
	for _, s := range v.standards {
		d.standard(s)
	}
	if v.route != nil {
		d.route(v.route)
	}
}

func (d *decider) documents(dr *docsRule) {
	exempt := slices.Contains(dr.exempt, d.in.Destination)
	var missing []document
	if !exempt {
		for _, doc := range dr.required {
			if !doc.carried(d.in.Documents) {
				missing = append(missing, doc)
			}
		}
		if len(missing) == 0 {
			return
		}
	}
	for i := range d.zones {
		z := &d.zones[i]
		if !slices.Contains(dr.kinds, z.Kind) {
			continue
		}
		r := Reason{Rule: dr.rule, Clause: dr.clause, Zone: zonePtr(z)}
		if exempt {
			r.Code, r.Effect = CodeExemptDestination, EffectNote
			d.add(r, d.msgs.get(msgKindExemptDocuments, z, d.in.Route, d.in.Destination, msgExemptDocuments))
		} else {
			r.Code, r.Effect = CodeMissingDocuments, EffectDeny
			d.add(r, msgMissingDocuments(z, d.in.Route, missing))
		}
	}
}

func (d *decider) standard(s *standard) {
	lims := s.limits[d.in.Cargo.Fuel]
	if len(lims) == 0 || !slices.Contains(s.destinations, d.in.Destination) {
		return
	}
	if len(s.outside) > 0 {
		for i := range d.zones {
			if slices.Contains(s.outside, d.zones[i].Kind) {
				return
			}
		}
		d.check(s, lims, nil)
		return
	}
	for i := range d.zones {
		if slices.Contains(s.inside, d.zones[i].Kind) {
			d.check(s, lims, &d.zones[i])
		}
	}
}

// check tests the cargo against one standard's limits for its fuel.
func (d *decider) check(s *standard, lims []limit, z *ZoneHit) {
	var failed []failure
	var unknown []measure
	for _, l := range lims {
		v := l.measure.value(d.in.Cargo)
		switch {
		case v == nil:
			unknown = append(unknown, l.measure)
		case !l.passes(*v):
			failed = append(failed, failure{limit: l, value: *v})
		}
	}
	if len(failed) == 0 && len(unknown) == 0 {
		return
	}
	base := Reason{Rule: s.rule, Clause: s.clause, Zone: zonePtr(z)}
	if len(failed) > 0 {
		r := base
		r.Code, r.Effect = CodeFuelBelowStandard, EffectDeny
		d.add(r, msgBelowStandard(z, d.in.Route, d.in.Cargo.Fuel, s, failed))
	}
	if len(unknown) > 0 {
		r := base
		r.Code, r.Effect = CodeFuelQualityUnknown, EffectNote
		if s.missingDeny {
			r.Effect = EffectDeny
		}
		d.add(r, msgQualityUnknown(z, d.in.Route, d.in.Cargo.Fuel, s, unknown, s.missingDeny))
	}
}

// failure is one measurement over its limit.
type failure struct {
	limit limit
	value float64
}

func (d *decider) finish(v *version) Decision {
	out := Decision{Decision: DecisionAllow, Action: ActionPass, Reasons: d.reasons}
	if out.Reasons == nil {
		out.Reasons = []Reason{} // JSON [] rather than null; allocates nothing
	}
	if v != nil {
		out.RulesVersion = v.id
	}
	slices.SortFunc(out.Reasons, compareReasons)
	for _, r := range out.Reasons {
		if r.Effect == EffectDeny {
			out.Decision, out.Action = DecisionDeny, ActionTurnBack
			break
		}
	}
	return out
}

func compareReasons(a, b Reason) int {
	if c := cmp.Compare(effectRank(a.Effect), effectRank(b.Effect)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	var al, ai, bl, bi string
	if a.Zone != nil {
		al, ai = a.Zone.Layer, a.Zone.ID
	}
	if b.Zone != nil {
		bl, bi = b.Zone.Layer, b.Zone.ID
	}
	if c := cmp.Compare(al, bl); c != 0 {
		return c
	}
	if c := cmp.Compare(ai, bi); c != 0 {
		return c
	}
	return cmp.Compare(a.Rule, b.Rule)
}

func effectRank(e string) int {
	if e == EffectDeny {
		return 0
	}
	return 1
}

// uniqueZones drops hits that repeat an earlier (layer, id). It returns zs
// itself when there is nothing to drop.
func uniqueZones(zs []ZoneHit) []ZoneHit {
	for i := 1; i < len(zs); i++ {
		if seenBefore(zs, i) {
			out := slices.Clone(zs[:i])
			for j := i + 1; j < len(zs); j++ {
				if !seenBefore(zs, j) {
					out = append(out, zs[j])
				}
			}
			return out
		}
	}
	return zs
}

func seenBefore(zs []ZoneHit, i int) bool {
	for j := range i {
		if zs[j].Layer == zs[i].Layer && zs[j].ID == zs[i].ID {
			return true
		}
	}
	return false
}

// zonePtr copies the hit so a Reason never aliases the caller's slice.
func zonePtr(z *ZoneHit) *ZoneHit {
	if z == nil {
		return nil
	}
	c := *z
	return &c
}

// kindName returns the zone kind's name in messages.
func kindName(k geo.Kind) (zh, en string) {
	switch k {
	case geo.KindCoalBan:
		return "禁煤区", "coal-ban zone"
	case geo.KindBurnBan:
		return "禁燃区", "burn-ban zone"
	default:
		return "区域（" + string(k) + "）", "zone (" + string(k) + ")"
	}
}
