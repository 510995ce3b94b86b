package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// compiler turns a decoded fileDoc into a RuleSet, checking every value and
// naming the JSON path of the first problem.
type compiler struct {
	sources map[string]fileSource
}

func compile(doc *fileDoc) (*RuleSet, error) {
	if doc.Schema != SchemaV1 {
		return nil, fmt.Errorf("schema: %q is not supported (want %q)", doc.Schema, SchemaV1)
	}
	c := &compiler{sources: map[string]fileSource{}}
	for i, s := range doc.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		if err := checkSource(s, p); err != nil {
			return nil, err
		}
		if _, dup := c.sources[s.ID]; dup {
			return nil, fmt.Errorf("%s.id: duplicate source id %q", p, s.ID)
		}
		c.sources[s.ID] = s
	}
	if len(doc.Versions) == 0 {
		return nil, fmt.Errorf("versions: at least one version is required")
	}
	rs := &RuleSet{}
	index := map[*version]int{}
	for i, fv := range doc.Versions {
		p := fmt.Sprintf("versions[%d]", i)
		v, err := c.version(fv, p)
		if err != nil {
			return nil, err
		}
		for _, w := range rs.versions {
			if w.id == v.id {
				return nil, fmt.Errorf("%s.version: duplicate version %q (also versions[%d])", p, v.id, index[w])
			}
		}
		index[v] = i
		rs.versions = append(rs.versions, v)
	}
	slices.SortStableFunc(rs.versions, func(a, b *version) int { return a.from.Compare(b.from) })
	for k := 1; k < len(rs.versions); k++ {
		prev, next := rs.versions[k-1], rs.versions[k]
		if prev.to.IsZero() || prev.to.After(next.from) {
			return nil, fmt.Errorf("versions[%d].effective_from: version %q overlaps version %q (versions[%d]); effective ranges [from, to) must be disjoint",
				index[next], next.id, prev.id, index[prev])
		}
	}
	return rs, nil
}

func checkSource(s fileSource, p string) error {
	if s.ID == "" {
		return fmt.Errorf("%s.id: required", p)
	}
	if s.Title == "" {
		return fmt.Errorf("%s.title: required", p)
	}
	if s.Issued != "" {
		if _, err := time.Parse(time.DateOnly, s.Issued); err != nil {
			return fmt.Errorf("%s.issued: %q is not a date YYYY-MM-DD", p, s.Issued)
		}
	}
	return nil
}

func (c *compiler) version(fv fileVersion, p string) (*version, error) {
	v := &version{id: fv.Version}
	if v.id == "" {
		return nil, fmt.Errorf("%s.version: required", p)
	}
	var err error
	if fv.EffectiveFrom == "" {
		return nil, fmt.Errorf("%s.effective_from: required", p)
	}
	if v.from, err = time.Parse(time.RFC3339, fv.EffectiveFrom); err != nil {
		return nil, fmt.Errorf("%s.effective_from: %q is not an RFC 3339 time with offset", p, fv.EffectiveFrom)
	}
	if fv.EffectiveTo != "" {
		if v.to, err = time.Parse(time.RFC3339, fv.EffectiveTo); err != nil {
			return nil, fmt.Errorf("%s.effective_to: %q is not an RFC 3339 time with offset", p, fv.EffectiveTo)
		}
		if !v.to.After(v.from) {
			return nil, fmt.Errorf("%s.effective_to: %s must be after effective_from %s", p, fv.EffectiveTo, fv.EffectiveFrom)
		}
	}
	if v.clause, err = c.clause(fv.Citations, p+".citations", false); err != nil {
		return nil, err
	}
	if len(fv.CoalProducts) == 0 {
		return nil, fmt.Errorf("%s.coal_products: at least one fuel is required", p)
	}
	for i, s := range fv.CoalProducts {
		f, err := parseListed(s, fmt.Sprintf("%s.coal_products[%d]", p, i), fv.CoalProducts[:i], ParseFuel)
		if err != nil {
			return nil, err
		}
		if f == FuelNone {
			return nil, fmt.Errorf("%s.coal_products[%d]: %q cannot be a coal product", p, i, s)
		}
		v.coalProducts = append(v.coalProducts, f)
	}
	ruleIDs := map[string]string{}
	claim := func(rule, rp string) error {
		if rule == "" {
			return fmt.Errorf("%s.rule: required", rp)
		}
		if prev, dup := ruleIDs[rule]; dup {
			return fmt.Errorf("%s.rule: duplicate rule id %q (also %s)", rp, rule, prev)
		}
		ruleIDs[rule] = rp
		return nil
	}
	if fv.CoalBan != nil {
		rp := p + ".coal_ban"
		if err := claim(fv.CoalBan.Rule, rp); err != nil {
			return nil, err
		}
		if v.coalBan, err = c.coalBan(fv.CoalBan, rp); err != nil {
			return nil, err
		}
	}
	if fv.BurnBanDocuments != nil {
		rp := p + ".burn_ban_documents"
		if err := claim(fv.BurnBanDocuments.Rule, rp); err != nil {
			return nil, err
		}
		if v.docs, err = c.docsRule(fv.BurnBanDocuments, rp); err != nil {
			return nil, err
		}
	}
	for i, fs := range fv.FuelStandards {
		rp := fmt.Sprintf("%s.fuel_standards[%d]", p, i)
		if err := claim(fs.Rule, rp); err != nil {
			return nil, err
		}
		s, err := c.standard(fs, rp)
		if err != nil {
			return nil, err
		}
		v.standards = append(v.standards, s)
	}
	if fv.DesignatedRoutes != nil {
		rp := p + ".designated_routes"
		if err := claim(fv.DesignatedRoutes.Rule, rp); err != nil {
			return nil, err
		}
		if v.route, err = c.routeRule(fv.DesignatedRoutes, rp); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (c *compiler) coalBan(f *fileCoalBan, p string) (*coalBanRule, error) {
	r := &coalBanRule{rule: f.Rule}
	var err error
	if r.clause, err = c.clause(f.Citations, p+".citations", true); err != nil {
		return nil, err
	}
	if r.kinds, err = kinds(f.ZoneKinds, p+".zone_kinds", true); err != nil {
		return nil, err
	}
	if r.exempt, err = parseDestinations(f.ExemptDestinations, p+".exempt_destinations"); err != nil {
		return nil, err
	}
	return r, nil
}

func (c *compiler) docsRule(f *fileDocsRule, p string) (*docsRule, error) {
	r := &docsRule{rule: f.Rule}
	var err error
	if r.clause, err = c.clause(f.Citations, p+".citations", true); err != nil {
		return nil, err
	}
	if r.kinds, err = kinds(f.ZoneKinds, p+".zone_kinds", true); err != nil {
		return nil, err
	}
	if r.exempt, err = parseDestinations(f.ExemptDestinations, p+".exempt_destinations"); err != nil {
		return nil, err
	}
	if len(f.RequiredDocuments) == 0 {
		return nil, fmt.Errorf("%s.required_documents: at least one document is required (omit the rule to disable it)", p)
	}
	for i, s := range f.RequiredDocuments {
		d, err := parseListed(s, fmt.Sprintf("%s.required_documents[%d]", p, i), f.RequiredDocuments[:i], parseDocument)
		if err != nil {
			return nil, err
		}
		r.required = append(r.required, d)
	}
	return r, nil
}

func (c *compiler) standard(f fileStandard, p string) (*standard, error) {
	s := &standard{rule: f.Rule, nameZH: f.NameZH, nameEN: f.NameEN}
	var err error
	if s.nameZH == "" {
		return nil, fmt.Errorf("%s.name_zh: required", p)
	}
	if s.nameEN == "" {
		return nil, fmt.Errorf("%s.name_en: required", p)
	}
	if s.clause, err = c.clause(f.Citations, p+".citations", true); err != nil {
		return nil, err
	}
	if s.inside, err = kinds(f.InsideZoneKinds, p+".inside_zone_kinds", false); err != nil {
		return nil, err
	}
	if s.outside, err = kinds(f.OutsideZoneKinds, p+".outside_zone_kinds", false); err != nil {
		return nil, err
	}
	if (len(s.inside) == 0) == (len(s.outside) == 0) {
		return nil, fmt.Errorf("%s: exactly one of inside_zone_kinds and outside_zone_kinds must be non-empty", p)
	}
	if s.destinations, err = parseDestinations(f.Destinations, p+".destinations"); err != nil {
		return nil, err
	}
	if len(s.destinations) == 0 {
		return nil, fmt.Errorf("%s.destinations: at least one destination is required", p)
	}
	switch f.MissingMeasurement {
	case EffectNote:
	case EffectDeny:
		s.missingDeny = true
	default:
		return nil, fmt.Errorf("%s.missing_measurement: %q (want %q or %q)", p, f.MissingMeasurement, EffectNote, EffectDeny)
	}
	if len(f.Limits) == 0 {
		return nil, fmt.Errorf("%s.limits: at least one fuel is required", p)
	}
	s.limits = map[Fuel][]limit{}
	for _, key := range sortedKeys(f.Limits) {
		lp := p + ".limits." + key
		fuel, err := ParseFuel(key)
		if err != nil || key == "" || fuel == FuelNone {
			return nil, fmt.Errorf("%s: %q is not a coal product (want one of %v)", lp, key, fuels[1:])
		}
		if len(f.Limits[key]) == 0 {
			return nil, fmt.Errorf("%s: at least one limit is required (omit the fuel instead)", lp)
		}
		var seen []string
		for i, fl := range f.Limits[key] {
			l, err := parseLimit(fl, fmt.Sprintf("%s[%d]", lp, i), seen)
			if err != nil {
				return nil, err
			}
			seen = append(seen, fl.Measure)
			s.limits[fuel] = append(s.limits[fuel], l)
		}
	}
	return s, nil
}

func parseLimit(f fileLimit, p string, seen []string) (limit, error) {
	var l limit
	m, err := parseListed(f.Measure, p+".measure", seen, parseMeasure)
	if err != nil {
		return l, err
	}
	l.measure = m
	if f.Limit == nil {
		return l, fmt.Errorf("%s.limit: required", p)
	}
	if v := *f.Limit; math.IsNaN(v) || v < 0 || v > 100 {
		return l, fmt.Errorf("%s.limit: %v must be a percentage in [0, 100]", p, v)
	}
	l.value = *f.Limit
	switch f.AtLimit {
	case "allowed":
		l.allowedAtLimit = true
	case "banned":
	default:
		return l, fmt.Errorf("%s.at_limit: %q (want \"allowed\" or \"banned\")", p, f.AtLimit)
	}
	return l, nil
}

// clause checks citations and renders them as one clause string, e.g.
// "临政办发〔2020〕22号《临汾市2020年散煤污染专项整治工作方案》二(六)、二(一)".
func (c *compiler) clause(cs []fileCitation, p string, required bool) (string, error) {
	if required && len(cs) == 0 {
		return "", fmt.Errorf("%s: at least one citation is required", p)
	}
	var b strings.Builder
	last := ""
	for i, ct := range cs {
		cp := fmt.Sprintf("%s[%d]", p, i)
		src, ok := c.sources[ct.Source]
		if !ok {
			return "", fmt.Errorf("%s.source: %q is not declared in sources", cp, ct.Source)
		}
		if ct.Section == "" {
			return "", fmt.Errorf("%s.section: required", cp)
		}
		if ct.Quote == "" {
			return "", fmt.Errorf("%s.quote: required", cp)
		}
		if ct.Source == last {
			b.WriteString("、")
		} else {
			if b.Len() > 0 {
				b.WriteString("；")
			}
			b.WriteString(src.Number)
			b.WriteString("《" + src.Title + "》")
		}
		b.WriteString(ct.Section)
		last = ct.Source
	}
	return b.String(), nil
}

func kinds(ss []string, p string, required bool) ([]geo.Kind, error) {
	if required && len(ss) == 0 {
		return nil, fmt.Errorf("%s: at least one zone kind is required", p)
	}
	out := make([]geo.Kind, 0, len(ss))
	for i, s := range ss {
		k, err := parseListed(s, fmt.Sprintf("%s[%d]", p, i), ss[:i], geo.ParseKind)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

func parseDestinations(ss []string, p string) ([]Destination, error) {
	out := make([]Destination, 0, len(ss))
	for i, s := range ss {
		d, err := parseListed(s, fmt.Sprintf("%s[%d]", p, i), ss[:i], ParseDestination)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// parseListed parses one element of a list, rejecting repeats of earlier ones.
func parseListed[T any](s, p string, earlier []string, parse func(string) (T, error)) (T, error) {
	t, err := parse(s)
	if err != nil {
		return t, fmt.Errorf("%s: %w", p, err)
	}
	if slices.Contains(earlier, s) {
		return t, fmt.Errorf("%s: %q is listed twice", p, s)
	}
	return t, nil
}

func parseMeasure(s string) (measure, error) {
	for m, n := range measureNames {
		if n.key == s {
			return measure(m), nil
		}
	}
	return 0, fmt.Errorf("unknown measurement %q (want sulfur_pct, ash_pct or volatile_pct)", s)
}

func parseDocument(s string) (document, error) {
	for d, n := range documentNames {
		if n.key == s {
			return document(d), nil
		}
	}
	return 0, fmt.Errorf("unknown document %q (want supply_contract or quality_report)", s)
}
