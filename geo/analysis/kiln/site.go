package kiln

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// Criterion codes of a site check.
const (
	CodeMinDistance   = "MIN_DISTANCE"   // far enough from every built-up zone
	CodeSuggestedArea = "SUGGESTED_AREA" // inside a suggested township area
	CodeDownwind      = "DOWNWIND"       // in the downwind sector of the town
	CodeMinElevation  = "MIN_ELEVATION"  // high enough (when configured)
	CodeMinSlope      = "MIN_SLOPE"      // steep enough (when configured)
)

// goldenIterations narrows a golden-section search on [0, 1] to 0.618⁶⁰ ≈
// 3·10⁻¹³ of an edge.
const goldenIterations = 60

// Criterion is one rule of a site check and its outcome. Value and
// Threshold are numbers (metres or degrees), a township name, or null when
// unknown or not applicable.
type Criterion struct {
	Code      string `json:"code"`
	Pass      bool   `json:"pass"`
	Value     any    `json:"value"`
	Threshold any    `json:"threshold"`
	MessageZH string `json:"message_zh"`
	MessageEN string `json:"message_en"`
}

// SiteResult is the answer of CheckSite. Pointers are nil (JSON null) when
// the value is unknown: no built-up zones, no DEM at the site, no county.
type SiteResult struct {
	Position orb.Point `json:"position"` // lon/lat as given
	// DistanceM is the geodesic distance in metres to the nearest point of
	// the nearest built-up zone; 0 inside one.
	DistanceM      *float64   `json:"distance_m"`
	NearestBuiltUp *ZoneRef   `json:"nearest_built_up"`
	NearestPoint   *orb.Point `json:"nearest_point"` // on that zone's boundary; the site itself inside
	InsideBuiltUp  bool       `json:"inside_built_up"`
	ElevationM     *float64   `json:"elevation_m"`
	DEM            string     `json:"dem,omitempty"`
	SlopeDeg       *float64   `json:"slope_deg"`
	County         *ZoneRef   `json:"county"`
	SuggestedArea  *ZoneRef   `json:"suggested_area"`
	// BearingDeg is the true bearing from the downwind reference (the
	// built-up centroid, DownwindFrom) to the site.
	BearingDeg   *float64    `json:"bearing_deg"`
	DownwindFrom *orb.Point  `json:"downwind_reference"`
	Downwind     bool        `json:"downwind"`
	Criteria     []Criterion `json:"criteria"`
	// Suitable is true when every criterion passes.
	Suitable bool `json:"suitable"`
}

// CheckSite evaluates a proposed kiln site at p (lon, lat degrees) against
// every criterion. The downwind and suggested-area criteria are always
// listed (downwind only when enabled), elevation and slope only when
// configured; elevation and slope are reported whenever a DEM covers p.
func (m *Model) CheckSite(p orb.Point) SiteResult {
	res := SiteResult{Position: p, Criteria: []Criterion{}}
	xy := m.tm.Forward(p)
	res.distance(m, p, xy)

	if k := m.countyOf(p); k >= 0 {
		ref := m.counties[k].ref
		res.County = &ref
	}
	if t := firstContaining(m.townships, p); t >= 0 {
		ref := m.townships[t].ref
		res.SuggestedArea = &ref
	}
	if m.terrain != nil {
		if e, name, ok := m.terrain.Sample(p[0], p[1]); ok {
			res.ElevationM, res.DEM = &e, name
		}
		if s, ok := m.terrain.Slope(p[0], p[1]); ok {
			res.SlopeDeg = &s
		}
	}
	ref, north := m.reference(m.countyOf(p))
	if b := m.bearing(ref, north, xy); !math.IsNaN(b) {
		res.BearingDeg = &b
		r := m.tm.Inverse(ref)
		res.DownwindFrom = &r
		res.Downwind = m.crit.inSector(b)
	}

	res.Criteria = append(res.Criteria, m.distanceCriterion(res), suggestedCriterion(res))
	if m.crit.Downwind {
		res.Criteria = append(res.Criteria, m.downwindCriterion(res))
	}
	if m.crit.MinElevationM > 0 {
		res.Criteria = append(res.Criteria, minCriterion(CodeMinElevation, res.ElevationM, m.crit.MinElevationM,
			"海拔", "elevation", "米", "m"))
	}
	if m.crit.MinSlopeDeg > 0 {
		res.Criteria = append(res.Criteria, minCriterion(CodeMinSlope, res.SlopeDeg, m.crit.MinSlopeDeg,
			"坡度", "slope", "度", "°"))
	}
	res.Suitable = true
	for _, c := range res.Criteria {
		res.Suitable = res.Suitable && c.Pass
	}
	return res
}

// distance fills the distance fields: inside a built-up zone 0, else the
// geodesic distance to the nearest boundary point.
func (r *SiteResult) distance(m *Model, p, xy orb.Point) {
	if k := firstContaining(m.builtUp, p); k >= 0 {
		zero, ref, at := 0.0, m.builtUp[k].ref, p
		r.DistanceM, r.NearestBuiltUp, r.NearestPoint, r.InsideBuiltUp = &zero, &ref, &at, true
		return
	}
	d0, _, _ := m.planarNearest(xy)
	if math.IsInf(d0, 1) {
		return
	}
	// The plane's scale error (< 3·10⁻⁴) and the bow of lon/lat-straight
	// edges in the plane (< 1 m for 10 km edges) bound how far the
	// geodesic order can differ from the plane's.
	best, who, at := math.Inf(1), -1, orb.Point{}
	for _, h := range m.nearEdges(xy, d0*(1+1e-3)+5) {
		ring := m.builtUp[h.shape].ll[h.poly][h.ring]
		a, b := ring[h.edge], ring[(h.edge+1)%len(ring)]
		d, q := nearestOnEdge(p, a, b)
		if d < best {
			best, who, at = d, h.shape, q
		}
	}
	if who < 0 { // cannot happen: the plane's nearest edge is within the limit
		return
	}
	ref := m.builtUp[who].ref
	r.DistanceM, r.NearestBuiltUp, r.NearestPoint = &best, &ref, &at
}

// nearestOnEdge returns the least geodesic distance from p to the edge ab
// (straight in lon/lat) and the point where it is reached, by a
// golden-section search over the edge parameter. The distance along a
// short edge has a single minimum, so the search finds it.
func nearestOnEdge(p, a, b orb.Point) (float64, orb.Point) {
	at := func(t float64) orb.Point { return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])} }
	f := func(t float64) float64 { d, _ := crs.GeodesicInverse(p, at(t)); return d }
	const g = 0.6180339887498949
	lo, hi := 0.0, 1.0
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for range goldenIterations {
		if f1 <= f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = f(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = f(x2)
		}
	}
	t, d := x1, f1
	for _, e := range [...]float64{0, 1, x2} {
		if v := f(e); v < d {
			t, d = e, v
		}
	}
	return d, at(t)
}

// distanceCriterion is MIN_DISTANCE.
func (m *Model) distanceCriterion(r SiteResult) Criterion {
	limit := m.crit.MinDistanceM
	c := Criterion{Code: CodeMinDistance, Threshold: limit}
	if r.DistanceM == nil {
		c.Pass = true
		c.MessageZH, c.MessageEN = "无建成区数据，距离不受限", "no built-up zones: the distance rule cannot fail"
		return c
	}
	d := *r.DistanceM
	c.Value, c.Pass = d, d >= limit
	name := r.NearestBuiltUp.Name
	switch {
	case r.InsideBuiltUp:
		c.MessageZH = fmt.Sprintf("位于建成区（%s）内，须距建成区%.0f公里以上", name, limit/1000)
		c.MessageEN = fmt.Sprintf("inside the built-up area %s; sites must be at least %g km away", name, limit/1000)
	case c.Pass:
		c.MessageZH = fmt.Sprintf("距最近建成区（%s）%.2f公里，满足%g公里以上的要求", name, d/1000, limit/1000)
		c.MessageEN = fmt.Sprintf("%.2f km from the nearest built-up area (%s), at least %g km", d/1000, name, limit/1000)
	default:
		c.MessageZH = fmt.Sprintf("距最近建成区（%s）仅%.2f公里，不足%g公里", name, d/1000, limit/1000)
		c.MessageEN = fmt.Sprintf("only %.2f km from the nearest built-up area (%s), less than %g km", d/1000, name, limit/1000)
	}
	return c
}

// suggestedCriterion is SUGGESTED_AREA.
func suggestedCriterion(r SiteResult) Criterion {
	c := Criterion{Code: CodeSuggestedArea}
	if r.SuggestedArea == nil {
		c.MessageZH, c.MessageEN = "不在建议的搬迁区域内", "not inside a suggested relocation area"
		return c
	}
	c.Pass, c.Value = true, r.SuggestedArea.Name
	c.MessageZH = fmt.Sprintf("位于建议搬迁区域（%s）内", r.SuggestedArea.Name)
	c.MessageEN = fmt.Sprintf("inside the suggested relocation area %s", r.SuggestedArea.Name)
	return c
}

// downwindCriterion is DOWNWIND.
func (m *Model) downwindCriterion(r SiteResult) Criterion {
	dir := m.crit.downwindDeg()
	c := Criterion{Code: CodeDownwind, Threshold: map[string]float64{
		"wind_from_deg": m.crit.WindFromDeg, "downwind_deg": dir, "sector_half_deg": m.crit.SectorHalfDeg}}
	if r.BearingDeg == nil {
		c.MessageZH, c.MessageEN = "无法确定相对建成区的方位", "the bearing from the built-up area is undefined"
		return c
	}
	b := *r.BearingDeg
	c.Value, c.Pass = b, r.Downwind
	if c.Pass {
		c.MessageZH = fmt.Sprintf("位于建成区下风向（方位%.0f°，下风方向%.0f°±%.0f°）", b, dir, m.crit.SectorHalfDeg)
		c.MessageEN = fmt.Sprintf("downwind of the built-up area (bearing %.0f°, downwind %.0f° ± %.0f°)", b, dir, m.crit.SectorHalfDeg)
	} else {
		c.MessageZH = fmt.Sprintf("不在建成区下风向（方位%.0f°，下风方向%.0f°±%.0f°）", b, dir, m.crit.SectorHalfDeg)
		c.MessageEN = fmt.Sprintf("not downwind of the built-up area (bearing %.0f°, downwind %.0f° ± %.0f°)", b, dir, m.crit.SectorHalfDeg)
	}
	return c
}

// minCriterion is a "value ≥ threshold" criterion on a terrain quantity.
func minCriterion(code string, v *float64, limit float64, zh, en, unitZH, unitEN string) Criterion {
	c := Criterion{Code: code, Threshold: limit}
	if v == nil {
		c.MessageZH = fmt.Sprintf("无高程数据，无法判断%s", zh)
		c.MessageEN = fmt.Sprintf("no DEM covers the site: %s unknown", en)
		return c
	}
	c.Value, c.Pass = *v, *v >= limit
	if c.Pass {
		c.MessageZH = fmt.Sprintf("%s%.1f%s，不低于%g%s", zh, *v, unitZH, limit, unitZH)
		c.MessageEN = fmt.Sprintf("%s %.1f %s, at least %g %s", en, *v, unitEN, limit, unitEN)
	} else {
		c.MessageZH = fmt.Sprintf("%s%.1f%s，低于%g%s", zh, *v, unitZH, limit, unitZH)
		c.MessageEN = fmt.Sprintf("%s %.1f %s, below %g %s", en, *v, unitEN, limit, unitEN)
	}
	return c
}
