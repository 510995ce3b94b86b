package rules

import (
	"slices"
	"time"
)

// RouteRuleStatus says whether the designated-route rule judged a route and,
// when it did not, why, in both languages: so that a route that leaves the
// corridors without an OFF_DESIGNATED_ROUTE reason reads as what it is.
type RouteRuleStatus struct {
	Applies  bool   `json:"applies"`
	ReasonZH string `json:"reason_zh,omitempty"`
	ReasonEN string `json:"reason_en,omitempty"`
}

// RouteRuleStatus reports whether the designated-route rule of the version
// in force at at applies to a route through the admin zones counties: the
// version has the rule, at falls in its campaign (China dates, both
// inclusive), and the rule lists no counties or one of counties. A nil
// RuleSet has no rule.
func (rs *RuleSet) RouteRuleStatus(at time.Time, counties []string) RouteRuleStatus {
	var v *version
	if rs != nil {
		v = rs.versionAt(at)
	}
	if v == nil || v.route == nil {
		return RouteRuleStatus{
			ReasonZH: "检查时间适用的规则未规定运煤车辆行驶路线",
			ReasonEN: "the rules in force at the check's time have no designated-route rule",
		}
	}
	r := v.route
	if at.Before(r.from) || !at.Before(r.to) {
		from := r.from.In(campaignZone).Format(time.DateOnly)
		to := r.to.In(campaignZone).AddDate(0, 0, -1).Format(time.DateOnly)
		return RouteRuleStatus{
			ReasonZH: "检查时间不在指定路线管控期（" + from + "至" + to + "）内",
			ReasonEN: "outside the designated-route campaign " + from + "…" + to,
		}
	}
	if len(r.counties) > 0 && !slices.ContainsFunc(counties, func(c string) bool { return slices.Contains(r.counties, c) }) {
		m := msgRouteNotApplicable()
		return RouteRuleStatus{ReasonZH: m.zh, ReasonEN: m.en}
	}
	return RouteRuleStatus{Applies: true}
}
