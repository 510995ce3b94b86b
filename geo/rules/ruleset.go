package rules

import (
	"time"

	"github.com/zonegate/zonegate/geo"
)

// RuleSet is a parsed, validated rules file: a list of rules versions with
// disjoint effective ranges. It is immutable and safe for concurrent use.
type RuleSet struct {
	versions []*version // sorted by from
	msgs     messageCache
}

// VersionInfo describes one rules version of a RuleSet.
type VersionInfo struct {
	Version       string    `json:"version"`
	EffectiveFrom time.Time `json:"effective_from"`
	EffectiveTo   time.Time `json:"effective_to"` // zero: until further notice
}

// Versions lists the rule set's versions, earliest first.
func (rs *RuleSet) Versions() []VersionInfo {
	out := make([]VersionInfo, len(rs.versions))
	for i, v := range rs.versions {
		out[i] = VersionInfo{Version: v.id, EffectiveFrom: v.from, EffectiveTo: v.to}
	}
	return out
}

// versionAt returns the version in force at t: from <= t < to.
func (rs *RuleSet) versionAt(t time.Time) *version {
	for _, v := range rs.versions {
		if !t.Before(v.from) && (v.to.IsZero() || t.Before(v.to)) {
			return v
		}
	}
	return nil
}

// version is one compiled rules version.
type version struct {
	id           string
	clause       string // the version's own citations
	from, to     time.Time
	coalProducts []Fuel
	coalBan      *coalBanRule
	docs         *docsRule
	standards    []*standard
	route        *routeRule
}

type coalBanRule struct {
	rule, clause string
	kinds        []geo.Kind
	exempt       []Destination
}

type docsRule struct {
	rule, clause string
	kinds        []geo.Kind
	required     []document
	exempt       []Destination
}

type standard struct {
	rule, clause   string
	nameZH, nameEN string
	inside         []geo.Kind // applies per zone hit of these kinds, or
	outside        []geo.Kind // applies when no zone of these kinds is hit
	destinations   []Destination
	missingDeny    bool
	limits         map[Fuel][]limit
}

type limit struct {
	measure        measure
	value          float64
	allowedAtLimit bool
}

// passes reports whether v meets the limit. NaN never passes.
func (l limit) passes(v float64) bool {
	if l.allowedAtLimit {
		return v <= l.value
	}
	return v < l.value
}

// measure is a quality measurement a limit can constrain.
type measure int

const (
	measureSulfur measure = iota
	measureAsh
	measureVolatile
)

var measureNames = [...]struct{ key, zh, en string }{
	measureSulfur:   {"sulfur_pct", "含硫量", "sulfur"},
	measureAsh:      {"ash_pct", "灰分", "ash"},
	measureVolatile: {"volatile_pct", "挥发分", "volatile matter"},
}

func (m measure) value(c Cargo) *float64 {
	switch m {
	case measureSulfur:
		return c.SulfurPct
	case measureAsh:
		return c.AshPct
	default:
		return c.VolatilePct
	}
}

// document is a paper a rule can require.
type document int

const (
	docSupplyContract document = iota
	docQualityReport
)

var documentNames = [...]struct{ key, zh, en string }{
	docSupplyContract: {"supply_contract", "供销合同", "supply contract"},
	docQualityReport:  {"quality_report", "质检报告", "quality test report"},
}

func (d document) carried(ds Documents) bool {
	if d == docSupplyContract {
		return ds.SupplyContract
	}
	return ds.QualityReport
}
