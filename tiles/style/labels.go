package style

// LabelsSourceID is the GeoJSON source of label points (GET /v1/labels):
// one point per zone with properties layer, kind, id, name and geom
// ("area", "line" or "point").
const LabelsSourceID = "labels"

// MetaLabel marks label style layers with what they name: "admin",
// "area", "line" or "point".
const MetaLabel = "zonegate:label"

// LabelFont is the font stack of the labels: Latin letters and digits come
// from zonegate's embedded glyphs (tiles/glyphs); the page draws CJK from
// a local font.
const LabelFont = "DejaVu Sans Book"

const (
	colorLabel     = "#2b3340"
	colorLabelHalo = "#ffffff"
	colorAdminText = "#4a5361"
)

// labelLayers are the name layers, drawn over everything. MapLibre places
// the topmost symbol layer first, so county names (orientation at city
// zoom) win collisions over zone names, and zone names over point names.
// Sizes grow with zoom; a label that would collide is left out.
func labelLayers() []Layer {
	lab := func(id, what string, minZoom float64, filter []any, layout, paint map[string]any) Layer {
		l := Layer{ID: "labels-" + id, Type: "symbol", Source: LabelsSourceID, MinZoom: minZoom, Filter: filter,
			Layout: map[string]any{
				"text-field": []any{"get", "name"}, "text-font": []any{LabelFont},
				"text-max-width": 8, "text-padding": 4, "symbol-avoid-edges": false,
			},
			Paint: map[string]any{"text-color": colorLabel, "text-halo-color": colorLabelHalo,
				"text-halo-width": 1.6, "text-halo-blur": 0.4},
			Metadata: map[string]any{MetaLabel: what}}
		for k, v := range layout {
			l.Layout[k] = v
		}
		for k, v := range paint {
			l.Paint[k] = v
		}
		return l
	}
	kindIs := func(kinds ...any) []any { return []any{"match", []any{"get", "kind"}, kinds, true, false} }
	geomIs := func(g string) []any { return []any{"==", []any{"get", "geom"}, g} }
	return []Layer{
		lab("points", "point", 12, []any{"all", geomIs("point")},
			map[string]any{"text-size": byZoom(12, 10, 16, 13), "text-anchor": "top", "text-offset": []any{0, 0.8}},
			map[string]any{"text-color": "#39424e"}),
		// Routes only: sewer pipes are too many to name.
		lab("lines", "line", 11, []any{"all", geomIs("line"), kindIs("coal_route")},
			map[string]any{"text-size": byZoom(11, 10, 16, 13)}, map[string]any{"text-color": colorRoute}),
		lab("areas", "area", 9.5, []any{"all", geomIs("area"), []any{"!", kindIs("admin", "built_up")}},
			map[string]any{"text-size": byZoom(10, 11, 14, 14, 17, 16),
				"symbol-sort-key": []any{"match", []any{"get", "kind"}, "coal_ban", 0, "burn_ban", 1, 2}},
			map[string]any{"text-color": []any{"match", []any{"get", "kind"},
				"coal_ban", colorCoalBanEdg, "burn_ban", colorBurnBanEdg, "clean_heating_600m", color600mEdge,
				"kiln_relocation", colorKilnEdge, colorLabel}}),
		lab("admin", "admin", 6, []any{"all", geomIs("area"), kindIs("admin")},
			map[string]any{"text-size": byZoom(7, 12, 10, 15, 13, 19), "text-letter-spacing": 0.15,
				"text-font": []any{LabelFont}},
			map[string]any{"text-color": colorAdminText, "text-halo-width": 2}),
	}
}
