package kiln

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis"
)

// LayerParams names the layer an Areas result is published as and records
// what it was computed from.
type LayerParams struct {
	// Layer is the id of the layer (kind kiln_relocation).
	Layer string
	// Criteria are the model's criteria.
	Criteria Criteria
	// BuiltUpLayer names the layer of the built-up zones used.
	BuiltUpLayer string
	// DEM names the elevation model; "" when no elevation criterion was
	// set.
	DEM string
	// ComputedAt is when the analysis ran.
	ComputedAt time.Time
}

// Layer returns the result as a layer with one zone per township and
// county, id "TOWNSHIP-COUNTY" (the township's id without counties), with
// the township, county, area in km², criteria, grid and method as
// properties.
func (r Result) Layer(p LayerParams) analysis.Layer {
	out := analysis.Layer{Layer: geo.Layer{ID: p.Layer, Kind: geo.KindKilnRelocation,
		Title: "砖瓦企业搬迁候选区域 / Kiln relocation areas", Description: "derived by zonegate analyse kiln-areas"}}
	c := p.Criteria
	for _, a := range r.Areas {
		id, county, countyName := a.Township.ID, "", ""
		if a.County != nil {
			county, countyName = a.County.ID, a.County.Name
			id += "-" + county
		}
		props := map[string]any{
			"township_layer": a.Township.Layer, "township_id": a.Township.ID, "township": a.Township.Name,
			"county_id": county, "county": countyName, "area_km2": math.Round(a.AreaKM2*1e4) / 1e4,
			"min_distance_m": c.MinDistanceM, "built_up_layer": p.BuiltUpLayer,
			"wind_from_deg": c.WindFromDeg, "sector_half_deg": c.SectorHalfDeg,
			"min_elevation_m": c.MinElevationM, "min_slope_deg": c.MinSlopeDeg,
			"cell_m": r.CellM, "crs": fmt.Sprintf("CGCS2000 3° Gauss–Krüger zone %d", r.Zone),
			"method":      "exact EDT + vector refinement, marching squares",
			"computed_at": p.ComputedAt.UTC().Format(time.RFC3339),
		}
		if p.DEM != "" {
			props["dem"] = p.DEM
		}
		out.Zones = append(out.Zones, &geo.Zone{
			Layer: p.Layer, ID: id, Kind: geo.KindKilnRelocation,
			Name:       fmt.Sprintf("%s 砖瓦企业搬迁候选区域", strings.TrimSpace(countyName+" "+a.Township.Name)),
			Properties: props, Geometry: a.Polygons, Status: geo.StatusPublished,
		})
	}
	return out
}
