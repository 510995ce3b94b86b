package sewer

import (
	"fmt"
	"math"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis"
)

// Layer returns the result as layer id (kind sewer_network) with one zone
// per county that has a service area, id equal to the county's id, with
// the county's statistics, target, service distance, cell and computedAt
// as properties.
func (r Result) Layer(id string, computedAt time.Time) analysis.Layer {
	round := func(v float64, scale float64) float64 { return math.Round(v*scale) / scale }
	out := analysis.Layer{Layer: geo.Layer{ID: id, Kind: geo.KindSewerNetwork,
		Title:       fmt.Sprintf("污水管网服务范围 / Sewer service area (%g m)", r.ServiceM),
		Description: "derived from the sewer lines by zonegate analyse sewer-coverage"}}
	for _, c := range r.Counties {
		if len(c.Area) == 0 {
			continue
		}
		out.Zones = append(out.Zones, &geo.Zone{
			Layer: id, ID: c.County, Kind: geo.KindSewerNetwork,
			Name: fmt.Sprintf("%s 污水管网服务范围（%g m）", c.Name, r.ServiceM),
			Properties: map[string]any{
				"county": c.Name, "county_id": c.County, "service_m": r.ServiceM, "cell_m": r.CellM,
				"area_km2": round(c.AreaKM2, 1e4), "built_up_km2": round(c.BuiltUpKM2, 1e4),
				"covered_km2": round(c.CoveredKM2, 1e4), "covered_pct": round(c.CoveredPct, 100),
				"combined_km": round(c.CombinedKM, 1e3), "separate_km": round(c.SeparateKM, 1e3),
				"conversion_rate": round(c.ConversionRate, 1e4), "target": c.Target, "meets_target": c.MeetsTarget,
				"computed_at": computedAt.UTC().Format(time.RFC3339),
			},
			Geometry: c.Area, Status: geo.StatusPublished,
		})
	}
	return out
}
