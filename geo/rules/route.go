package rules

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// campaignZone is the time zone of the campaign dates: the gazette's dates
// are China Standard Time.
var campaignZone = time.FixedZone("CST", 8*3600)

// routeRule is a compiled designated_routes rule: in force in [from, to).
type routeRule struct {
	rule, clause string
	from, to     time.Time
	counties     []string
}

func (c *compiler) routeRule(f *fileRouteRule, p string) (*routeRule, error) {
	r := &routeRule{rule: f.Rule}
	var err error
	if r.clause, err = c.clause(f.Citations, p+".citations", true); err != nil {
		return nil, err
	}
	from, err := time.ParseInLocation(time.DateOnly, f.CampaignFrom, campaignZone)
	if err != nil {
		return nil, fmt.Errorf("%s.campaign_from: %q is not a date YYYY-MM-DD", p, f.CampaignFrom)
	}
	last, err := time.ParseInLocation(time.DateOnly, f.CampaignTo, campaignZone)
	if err != nil {
		return nil, fmt.Errorf("%s.campaign_to: %q is not a date YYYY-MM-DD", p, f.CampaignTo)
	}
	if last.Before(from) {
		return nil, fmt.Errorf("%s.campaign_to: %s is before campaign_from %s", p, f.CampaignTo, f.CampaignFrom)
	}
	r.from, r.to = from, last.AddDate(0, 0, 1) // the last day is included
	for i, id := range f.Counties {
		cp := fmt.Sprintf("%s.counties[%d]", p, i)
		if err := geo.ValidateID(id); err != nil {
			return nil, fmt.Errorf("%s: %w", cp, err)
		}
		if slices.Contains(f.Counties[:i], id) {
			return nil, fmt.Errorf("%s: %q is listed twice", cp, id)
		}
		r.counties = append(r.counties, id)
	}
	return r, nil
}

// route applies rule 4 to a route with a compliance result.
func (d *decider) route(r *routeRule) {
	rc := d.in.RouteCompliance
	if !d.in.Route || rc == nil || d.in.At.Before(r.from) || !d.in.At.Before(r.to) {
		return
	}
	base := Reason{Rule: r.rule, Clause: r.clause}
	if len(r.counties) > 0 && !slices.ContainsFunc(rc.Counties, func(c string) bool { return slices.Contains(r.counties, c) }) {
		base.Code, base.Effect = CodeRouteRuleNotApplicable, EffectNote
		d.add(base, msgRouteNotApplicable())
		return
	}
	if rc.Compliant {
		return
	}
	base.Code, base.Effect = CodeOffDesignatedRoute, EffectDeny
	base.OffRoute = &OffRoute{FirstOff: rc.FirstOff, AlongM: rc.FirstOffAlongM, OffLengthM: rc.OffLengthM}
	d.add(base, msgOffRoute(rc))
}

func msgRouteNotApplicable() message {
	return message{
		zh: "车辆行驶路线途经的县（市、区）均未公布运煤车辆行驶路线，不核验指定路线",
		en: "The route passes through no county that has published designated coal routes, so the route rule does not apply",
	}
}

func msgOffRoute(rc *RouteCompliance) message {
	pt := "[" + strconv.FormatFloat(rc.FirstOff[0], 'f', 6, 64) + ", " + strconv.FormatFloat(rc.FirstOff[1], 'f', 6, 64) + "]"
	along, off := metres(rc.FirstOffAlongM), metres(rc.OffLengthM)
	return message{
		zh: "车辆行驶路线在" + pt + "（距起点" + along + "米）驶离规定的运煤车辆行驶路线，偏离路线共" + off + "米，予以劝返",
		en: "The truck's route leaves the designated coal routes at " + pt + " (" + along + " m from the start) and runs " +
			off + " m off them in all: turn back",
	}
}

// metres formats a distance to 0.1 m ("200", "12.3"), or to 0.01 m below
// 0.05 m so a short excursion never reads as 0.
func metres(m float64) string {
	r := math.Round(m*10) / 10
	if r == 0 {
		return strconv.FormatFloat(m, 'f', 2, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// RoutesApply reports whether the designated-route rule of the version in
// force at at covers a place in the admin zones counties: the
// version has the rule, at falls in its campaign, and the rule lists no
// counties or one of counties. Live-track monitoring uses it to scope
// off_route events exactly as checks are scoped. A nil RuleSet never
// applies.
func (rs *RuleSet) RoutesApply(at time.Time, counties []string) bool {
	on, listed := rs.RouteScope(at)
	return on && (len(listed) == 0 || slices.ContainsFunc(counties, func(c string) bool { return slices.Contains(listed, c) }))
}

// RouteScope reports whether the designated-route rule of the version in
// force at at is in its campaign, and the counties it is limited to (none:
// everywhere). Callers use it to skip county lookups the rule does not
// need. A nil RuleSet is never on.
func (rs *RuleSet) RouteScope(at time.Time) (on bool, counties []string) {
	if rs == nil {
		return false, nil
	}
	v := rs.versionAt(at)
	if v == nil || v.route == nil {
		return false, nil
	}
	r := v.route
	if at.Before(r.from) || !at.Before(r.to) {
		return false, nil
	}
	return true, r.counties
}
