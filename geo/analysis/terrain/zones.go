package terrain

import (
	"fmt"
	"maps"
	"math"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis"
)

// LayerParams names, dates and documents the layers a BelowLevel result
// is published as.
type LayerParams struct {
	// Layer is the id of the areas' layer (kind clean_heating_600m); the
	// contour lines go to LinesLayerID(Layer) (kind custom, since
	// clean_heating_600m holds polygons only).
	Layer string
	// LevelM is the level the result was traced at, in metres.
	LevelM float64
	// DEM names the elevation model (its files or stored name).
	DEM string
	// ValidFrom is the valid_from of the zones (zero: always).
	ValidFrom time.Time
	// ComputedAt is when the analysis ran.
	ComputedAt time.Time
}

// LinesLayerID returns the id of the contour lines' layer beside the areas'
// layer id.
func LinesLayerID(layer string) string { return layer + "_line" }

// Layers returns the result as two layers: areas with one zone per clip
// zone that has ground below the level, lines with one zone per clip zone
// that has contour lines, both with ids equal to the clip zones' ids and
// with the clip zone, level, area in km², DEM and computed_at as
// properties.
func (r Result) Layers(p LayerParams) (areas, lines analysis.Layer) {
	desc := "derived from a DEM by zonegate analyse below"
	areas = analysis.Layer{ValidFrom: p.ValidFrom, Layer: geo.Layer{ID: p.Layer, Kind: geo.KindCleanHeating600m,
		Title: fmt.Sprintf("%g m 以下区域 / Area below %g m", p.LevelM, p.LevelM), Description: desc}}
	lines = analysis.Layer{ValidFrom: p.ValidFrom, Layer: geo.Layer{ID: LinesLayerID(p.Layer), Kind: geo.KindCustom,
		Title: fmt.Sprintf("%g m 等高线 / %g m contour line", p.LevelM, p.LevelM), Description: desc}}
	for _, a := range r.Areas {
		props := map[string]any{
			"clip_layer": a.ClipLayer, "clip_id": a.ClipID, "clip_name": a.ClipName,
			"level_m": p.LevelM, "area_km2": math.Round(a.AreaKM2*1e4) / 1e4,
			"dem": p.DEM, "computed_at": p.ComputedAt.UTC().Format(time.RFC3339),
		}
		if len(a.Polygons) > 0 {
			areas.Zones = append(areas.Zones, &geo.Zone{
				Layer: areas.Layer.ID, ID: a.ClipID, Kind: areas.Layer.Kind,
				Name:       fmt.Sprintf("%s %g m 以下区域", a.ClipName, p.LevelM),
				Properties: props, Geometry: a.Polygons,
				Validity: geo.Validity{From: p.ValidFrom}, Status: geo.StatusPublished,
			})
		}
		if len(a.Lines) > 0 {
			lines.Zones = append(lines.Zones, &geo.Zone{
				Layer: lines.Layer.ID, ID: a.ClipID, Kind: lines.Layer.Kind,
				Name:       fmt.Sprintf("%s %g m 等高线", a.ClipName, p.LevelM),
				Properties: maps.Clone(props), Geometry: a.Lines,
				Validity: geo.Validity{From: p.ValidFrom}, Status: geo.StatusPublished,
			})
		}
	}
	return areas, lines
}
