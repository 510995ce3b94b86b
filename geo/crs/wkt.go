package crs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Limits on the WKT FromWKT parses; a .prj is a few hundred bytes.
const (
	maxWKTBytes = 64 << 10
	maxWKTDepth = 16
)

// wktNode is one KEYWORD[arg, …] of a WKT coordinate system definition.
// Args hold strings (quoted), numbers and nested nodes.
type wktNode struct {
	Keyword string
	Args    []any
}

// name returns the node's first argument if it is a string.
func (n *wktNode) name() string {
	if len(n.Args) > 0 {
		if s, ok := n.Args[0].(string); ok {
			return s
		}
	}
	return ""
}

// child returns the first direct child with one of the keywords.
func (n *wktNode) child(keywords ...string) *wktNode {
	for _, a := range n.Args {
		if c, ok := a.(*wktNode); ok {
			for _, k := range keywords {
				if strings.EqualFold(c.Keyword, k) {
					return c
				}
			}
		}
	}
	return nil
}

// find returns the first node with one of the keywords, depth first.
func (n *wktNode) find(keywords ...string) *wktNode {
	if c := n.child(keywords...); c != nil {
		return c
	}
	for _, a := range n.Args {
		if c, ok := a.(*wktNode); ok {
			if f := c.find(keywords...); f != nil {
				return f
			}
		}
	}
	return nil
}

// epsgCode returns the code of the node's own AUTHORITY["EPSG","n"] or
// ID["EPSG",n], or 0.
func (n *wktNode) epsgCode() int {
	a := n.child("AUTHORITY", "ID")
	if a == nil || len(a.Args) < 2 || !strings.EqualFold(a.name(), "EPSG") {
		return 0
	}
	switch v := a.Args[1].(type) {
	case string:
		c, _ := strconv.Atoi(v)
		return c
	case float64:
		return int(v)
	}
	return 0
}

// parameters returns the PARAMETER values by lower-case name.
func (n *wktNode) parameters() map[string]float64 {
	p := map[string]float64{}
	for _, a := range n.Args {
		if c, ok := a.(*wktNode); ok && strings.EqualFold(c.Keyword, "PARAMETER") && len(c.Args) >= 2 {
			if v, ok := c.Args[1].(float64); ok {
				p[normalizeWKTName(c.name())] = v
			}
		}
	}
	return p
}

// normalizeWKTName lower-cases a name and turns spaces into underscores,
// so that ESRI's "Central_Meridian" and OGC's "central meridian" agree.
func normalizeWKTName(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
}

// FromWKT returns the system a WKT definition (a Shapefile's .prj in ESRI
// or OGC WKT 1, or WKT 2) describes. An EPSG authority code wins; otherwise
// the datum and projection are matched by name and parameters: geographic
// CGCS2000 (EPSG:4490) or WGS84 (4326), Web Mercator (3857) and transverse
// Mercator / Gauss–Krüger on CGCS2000 or WGS84, which map to the
// EPSG:4491–4554 code with the same central meridian and false easting
// (any other transverse Mercator is converted by its parameters, with Code
// 0). Beijing 1954, New Beijing and Xi'an 1980 wrap ErrLocalDatum.
func FromWKT(wkt string) (System, error) {
	if len(wkt) > maxWKTBytes {
		return System{}, fmt.Errorf("%w: WKT definition of %d bytes is too long", ErrUnknownSystem, len(wkt))
	}
	root, err := parseWKT(wkt)
	if err != nil {
		return System{}, err
	}
	if code := root.epsgCode(); code != 0 {
		if s, err := Lookup(code); err == nil || errors.Is(err, ErrLocalDatum) {
			return s, err
		}
	}
	name := root.name()
	datum := ""
	if d := root.find("DATUM", "GEODETICDATUM", "TRF"); d != nil {
		datum = normalizeWKTName(d.name())
	}
	kind := datumKind(datum + " " + normalizeWKTName(name))
	if kind == "" {
		return System{}, fmt.Errorf("%w: %q on datum %q", ErrUnknownSystem, name, datum)
	}
	if local := localDatumName(kind); local != "" {
		return System{}, localDatumError(fmt.Sprintf("%q", name), local)
	}
	switch strings.ToUpper(root.Keyword) {
	case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS", "GEODETICCRS":
		if kind == "cgcs2000" {
			return systemCGCS2000, nil
		}
		return systemWGS84, nil
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return projectedFromWKT(root, name, kind)
	}
	return System{}, fmt.Errorf("%w: %s %q", ErrUnknownSystem, root.Keyword, name)
}

// datumKind classifies a datum (and CRS) name: "cgcs2000", "wgs84",
// "beijing1954", "newbeijing", "xian1980", or "" when unknown.
func datumKind(s string) string {
	switch {
	case strings.Contains(s, "new_beijing"):
		return "newbeijing"
	case strings.Contains(s, "beijing"):
		return "beijing1954"
	case strings.Contains(s, "xian") || strings.Contains(s, "xi'an") || strings.Contains(s, "xi_an"):
		return "xian1980"
	case strings.Contains(s, "china_2000") || strings.Contains(s, "china_geodetic") || strings.Contains(s, "cgcs2000") || strings.Contains(s, "cgcs_2000"):
		return "cgcs2000"
	case strings.Contains(s, "wgs_1984") || strings.Contains(s, "wgs_84") || strings.Contains(s, "wgs84") || strings.Contains(s, "world_geodetic_system_1984"):
		return "wgs84"
	}
	return ""
}

// localDatumName is the display name of a datum needing local parameters.
func localDatumName(kind string) string {
	return map[string]string{"beijing1954": "Beijing 1954", "newbeijing": "New Beijing", "xian1980": "Xi'an 1980"}[kind]
}

// projectedFromWKT handles PROJCS: Web Mercator or transverse Mercator.
func projectedFromWKT(root *wktNode, name, kind string) (System, error) {
	proj := ""
	if p := root.find("PROJECTION", "METHOD"); p != nil {
		proj = normalizeWKTName(p.name())
	}
	params := root.parameters()
	if conv := root.child("CONVERSION"); conv != nil { // WKT 2 keeps them in CONVERSION
		params = conv.parameters()
	}
	unit := 1.0
	if u := root.child("UNIT", "LENGTHUNIT"); u != nil && len(u.Args) >= 2 {
		if v, ok := u.Args[1].(float64); ok {
			unit = v
		}
	}
	if unit != 1 {
		return System{}, fmt.Errorf("%w: %q uses a unit of %g m; only metres are supported", ErrUnknownSystem, name, unit)
	}
	lname := normalizeWKTName(name)
	switch {
	case strings.Contains(proj, "mercator_auxiliary_sphere") || strings.Contains(proj, "pseudo") ||
		strings.Contains(lname, "web_mercator") || strings.Contains(lname, "pseudo-mercator") || strings.Contains(lname, "pseudo_mercator"):
		return systemWebMerc, nil
	case strings.Contains(proj, "transverse_mercator") || strings.Contains(proj, "gauss_kruger"):
	default:
		return System{}, fmt.Errorf("%w: %q uses projection %q; zonegate converts Gauss–Krüger / transverse Mercator and Web Mercator", ErrUnknownSystem, name, proj)
	}
	get := func(keys ...string) float64 {
		for _, k := range keys {
			if v, ok := params[k]; ok {
				return v
			}
		}
		return math.NaN()
	}
	lon0 := get("central_meridian", "longitude_of_natural_origin", "longitude_of_origin")
	k0 := get("scale_factor", "scale_factor_at_natural_origin")
	fe := get("false_easting")
	fn := get("false_northing")
	lat0 := get("latitude_of_origin", "latitude_of_natural_origin")
	if math.IsNaN(k0) {
		k0 = 1
	}
	if math.IsNaN(fn) {
		fn = 0
	}
	if math.IsNaN(lat0) {
		lat0 = 0
	}
	if math.IsNaN(lon0) || math.IsNaN(fe) || lat0 != 0 {
		return System{}, fmt.Errorf("%w: %q lacks a central meridian or false easting, or has a latitude of origin other than 0", ErrUnknownSystem, name)
	}
	if kind == "cgcs2000" && k0 == 1 && fn == 0 {
		threeDegree := strings.Contains(lname, "3_degree") || strings.Contains(lname, "3-degree")
		if code := gaussKrugerCode(lon0, fe, threeDegree); code != 0 {
			return Lookup(code)
		}
	}
	invF := CGCS2000InverseF
	if kind == "wgs84" {
		invF = WGS84InverseF
	}
	tm, err := NewTM(TMParams{Lon0: lon0, K0: k0, FalseEasting: fe, FalseNorthing: fn, A: SemiMajorAxis, InverseF: invF})
	if err != nil {
		return System{}, fmt.Errorf("%w: %q: %v", ErrUnknownSystem, name, err)
	}
	zone := int(math.Floor(fe / zonePrefix))
	return System{Name: name, kind: kindTM, tm: tm, zone: zone}, nil
}

// parseWKT parses WKT's KEYWORD[arg, …] grammar, brackets or parentheses.
func parseWKT(s string) (*wktNode, error) {
	p := &wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, fmt.Errorf("%w: bad WKT at byte %d: %v", ErrUnknownSystem, p.i, err)
	}
	return n, nil
}

type wktParser struct {
	s string
	i int
}

func (p *wktParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxWKTDepth)
	}
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] == '_' || p.s[p.i] >= 'A' && p.s[p.i] <= 'Z' || p.s[p.i] >= 'a' && p.s[p.i] <= 'z' || p.s[p.i] >= '0' && p.s[p.i] <= '9') {
		p.i++
	}
	n := &wktNode{Keyword: p.s[start:p.i]}
	if n.Keyword == "" {
		return nil, fmt.Errorf("keyword expected")
	}
	p.skipSpace()
	if p.i >= len(p.s) || (p.s[p.i] != '[' && p.s[p.i] != '(') {
		return n, nil // a bare keyword such as an axis direction
	}
	closing := byte(']')
	if p.s[p.i] == '(' {
		closing = ')'
	}
	p.i++
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("unterminated %s", n.Keyword)
		}
		switch c := p.s[p.i]; {
		case c == closing:
			p.i++
			return n, nil
		case c == ',':
			p.i++
		case c == '"':
			end := strings.IndexByte(p.s[p.i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unterminated string")
			}
			n.Args = append(n.Args, p.s[p.i+1:p.i+1+end])
			p.i += end + 2
		case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
			start := p.i
			for p.i < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[p.i]) >= 0 {
				p.i++
			}
			v, err := strconv.ParseFloat(p.s[start:p.i], 64)
			if err != nil {
				return nil, fmt.Errorf("bad number %q", p.s[start:p.i])
			}
			n.Args = append(n.Args, v)
		default:
			child, err := p.node(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Args = append(n.Args, child)
		}
	}
}
