package kiln

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// CapacityProperty is the kiln property holding the annual output in
// bricks per year (a JSON number).
const CapacityProperty = "capacity_bricks_per_year"

// DefaultCountyCap is the gazette's cap per county: 3.0 亿 bricks a year.
const DefaultCountyCap = 3.0e8

// Caps maps a county zone id to its cap in bricks per year.
type Caps map[string]float64

// DefaultCaps returns the gazette's caps: 3.0 亿 bricks a year each for
// 尧都区 (141002), 襄汾县 (141023) and 洪洞县 (141024), 9.0 亿 in all.
func DefaultCaps() Caps {
	return Caps{"141002": DefaultCountyCap, "141023": DefaultCountyCap, "141024": DefaultCountyCap}
}

// CountyCapacity is one county's kilns against its cap.
type CountyCapacity struct {
	County   string   `json:"county"` // county zone id ("" for kilns outside every county)
	Name     string   `json:"name"`
	Kilns    int      `json:"kilns"`
	Capacity float64  `json:"capacity"` // bricks per year
	Cap      *float64 `json:"cap"`      // null: no cap configured
	OverCap  bool     `json:"over_cap"`
	// Share is the county's part of the total capacity of all kilns, 0…1.
	Share float64 `json:"share"`
}

// CapacityTotal sums the county rows; Cap is the sum of the caps (9.0 亿
// by default).
type CapacityTotal struct {
	Kilns    int     `json:"kilns"`
	Capacity float64 `json:"capacity"`
	Cap      float64 `json:"cap"`
	OverCap  bool    `json:"over_cap"`
}

// CapacityReport is the outcome of Capacity.
type CapacityReport struct {
	Counties []CountyCapacity `json:"counties"`
	Total    CapacityTotal    `json:"total"`
	// Invalid lists the kilns (layer/id) whose capacity property is
	// missing, not a number or negative; they count as kilns with
	// capacity 0.
	Invalid []string `json:"invalid"`
}

// Capacity totals the kilns' annual capacity per county against caps. A
// kiln belongs to the first county whose geometry contains it (any
// geometry: its first point decides), else to the county whose id equals
// its "adcode" property, else to county "". Rows cover every capped
// county and every county with kilns, ordered by county id; a county is
// over its cap when its capacity exceeds it.
func Capacity(kilns, counties []*geo.Zone, caps Caps) CapacityReport {
	rows := map[string]*CountyCapacity{}
	name := map[string]string{}
	for _, c := range counties {
		name[c.ID] = c.Name
	}
	get := func(id string) *CountyCapacity {
		r, ok := rows[id]
		if !ok {
			r = &CountyCapacity{County: id, Name: name[id]}
			if v, ok := caps[id]; ok {
				r.Cap = &v
			}
			rows[id] = r
		}
		return r
	}
	for id := range caps {
		get(id)
	}
	rep := CapacityReport{Invalid: []string{}}
	for _, k := range kilns {
		r := get(kilnCounty(k, counties, name))
		r.Kilns++
		v, ok := number(k.Properties[CapacityProperty])
		if !ok || v < 0 {
			rep.Invalid = append(rep.Invalid, k.Layer+"/"+k.ID)
			continue
		}
		r.Capacity += v
	}
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		rep.Total.Capacity += rows[id].Capacity
		rep.Total.Kilns += rows[id].Kilns
		if rows[id].Cap != nil {
			rep.Total.Cap += *rows[id].Cap
		}
	}
	rep.Counties = make([]CountyCapacity, 0, len(ids))
	for _, id := range ids {
		r := *rows[id]
		r.OverCap = r.Cap != nil && r.Capacity > *r.Cap
		if rep.Total.Capacity > 0 {
			r.Share = r.Capacity / rep.Total.Capacity
		}
		rep.Counties = append(rep.Counties, r)
	}
	rep.Total.OverCap = rep.Total.Capacity > rep.Total.Cap
	slices.Sort(rep.Invalid)
	return rep
}

// kilnCounty returns the county id of kiln k (see Capacity).
func kilnCounty(k *geo.Zone, counties []*geo.Zone, name map[string]string) string {
	if p, ok := firstPoint(k.Geometry); ok {
		for _, c := range counties {
			if mp, err := polygons(c); err == nil && firstContaining([]shape{{ll: mp}}, p) == 0 {
				return c.ID
			}
		}
	}
	if v, ok := number(k.Properties["adcode"]); ok {
		id := fmt.Sprint(int64(v))
		if _, known := name[id]; known {
			return id
		}
	}
	return ""
}

// firstPoint returns the first vertex of g.
func firstPoint(g orb.Geometry) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.MultiPoint:
		if len(g) > 0 {
			return g[0], true
		}
	case orb.LineString:
		if len(g) > 0 {
			return g[0], true
		}
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) > 0 {
			return g[0][0], true
		}
	case orb.MultiPolygon:
		if len(g) > 0 && len(g[0]) > 0 && len(g[0][0]) > 0 {
			return g[0][0][0], true
		}
	}
	return orb.Point{}, false
}

// number reads a finite JSON-ish number property.
func number(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case json.Number:
		var err error
		if f, err = x.Float64(); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}
