package style

import "github.com/zonegate/zonegate/geo"

// Drawing tiers, bottom to top. Every zonegate style layer belongs to one.
const (
	tierBase     = iota // admin land fill: the offline base map
	tierArea            // translucent zone fills
	tierBoundary        // county boundaries and zone outlines
	tierLine            // line features: sewers, coal routes
	tierPoint           // point features: plants, checkpoints
	tierCount
)

// Colours of the default style. The map page derives its legend from the
// style, so these are the only place they are defined.
const (
	colorBackground = "#dde3ea" // outside the region
	colorLand       = "#f6f4ee"
	colorCounty     = "#8c939d"
	colorBuiltUp    = "#8f949a"
	colorCoalBan    = "#d7263d"
	colorCoalBanEdg = "#a3162a"
	colorBurnBan    = "#f28c28"
	colorBurnBanEdg = "#d2700e"
	color600m       = "#2f7ed8"
	color600mEdge   = "#1c5fae"
	colorKiln       = "#8b5a2b"
	colorKilnEdge   = "#6a4220"
	colorSewer      = "#1896a8"
	colorRoute      = "#2e3440"
	colorCasing     = "#ffffff"
	colorCheckpoint = "#ffc21a"
	colorPointEdge  = "#2e3440"
	colorCustom     = "#7b3fbf"
)

// customColors tell custom layers apart (suggested townships and kilns,
// analysis outputs, imports): the n-th custom layer in id order takes the
// n-th colour, cycling. None is used by a kind above.
var customColors = [...]string{colorCustom, "#c2185b", "#00897b", "#6d4c41", "#3949ab", "#7cb342"}

// template is one style layer drawn for every zonegate layer of a kind.
type template struct {
	tier    int
	role    string // suffix of the style layer id: "<layer id>-<role>"
	typ     string // style layer type
	minZoom float64
	filter  []any
	layout  map[string]any
	paint   map[string]any
}

// geometryIs is a filter for kinds whose layers may mix geometry types: it
// keeps features whose geometry type is one of types.
func geometryIs(types ...any) []any {
	return []any{"match", []any{"geometry-type"}, types, true, false}
}

func polygons() []any { return geometryIs("Polygon", "MultiPolygon") }
func lines() []any    { return geometryIs("LineString", "MultiLineString") }
func points() []any   { return geometryIs("Point", "MultiPoint") }

// byZoom is a linear interpolation of a paint value over zoom levels,
// given as zoom, value pairs.
func byZoom(stops ...float64) []any {
	e := []any{"interpolate", []any{"linear"}, []any{"zoom"}}
	for _, s := range stops {
		e = append(e, s)
	}
	return e
}

func roundLine() map[string]any { return map[string]any{"line-join": "round", "line-cap": "round"} }

func fill(tier int, color string, opacity float64) template {
	return template{tier: tier, role: "fill", typ: "fill",
		paint: map[string]any{"fill-color": color, "fill-opacity": opacity, "fill-antialias": true}}
}

func outline(color string, width float64, dash ...float64) template {
	p := map[string]any{"line-color": color, "line-width": byZoom(6, width*0.6, 12, width, 16, width*2)}
	if len(dash) > 0 {
		p["line-dasharray"] = dash
	}
	return template{tier: tierBoundary, role: "outline", typ: "line", layout: map[string]any{"line-join": "round"}, paint: p}
}

func circle(color string, radius float64) template {
	return template{tier: tierPoint, role: "circle", typ: "circle", paint: map[string]any{
		"circle-color": color, "circle-radius": byZoom(6, radius*0.6, 12, radius, 16, radius*1.6),
		"circle-stroke-color": colorPointEdge, "circle-stroke-width": 1.5,
	}}
}

// templatesFor returns the style layers drawn for a layer of kind k.
// withBasemap makes the admin land fill translucent over a raster basemap;
// custom is the colour of a custom layer.
func templatesFor(k geo.Kind, withBasemap bool, custom string) []template {
	switch k {
	case geo.KindAdmin:
		land := fill(tierBase, colorLand, 1)
		if withBasemap {
			land.paint["fill-opacity"] = 0.25
		}
		return []template{land, outline(colorCounty, 1.2, 4, 2)}
	case geo.KindBuiltUp:
		return []template{fill(tierArea, colorBuiltUp, 0.35), outline(colorBuiltUp, 0.8)}
	case geo.KindBurnBan:
		return []template{fill(tierArea, colorBurnBan, 0.22), outline(colorBurnBanEdg, 1.4)}
	case geo.KindCoalBan:
		return []template{fill(tierArea, colorCoalBan, 0.32), outline(colorCoalBanEdg, 1.8)}
	case geo.KindCleanHeating600m:
		// The outline is the 600 m line itself, drawn solid and prominent.
		t := outline(color600mEdge, 2)
		t.role = "line"
		return []template{fill(tierArea, color600m, 0.18), t}
	case geo.KindKilnRelocation:
		return []template{fill(tierArea, colorKiln, 0.3), outline(colorKilnEdge, 1.4, 3, 1.5)}
	case geo.KindSewerNetwork:
		f := fill(tierArea, colorSewer, 0.15)
		f.filter = polygons()
		return []template{f, {tier: tierLine, role: "line", typ: "line", filter: lines(), layout: roundLine(),
			paint: map[string]any{"line-color": colorSewer, "line-width": byZoom(8, 1, 12, 2, 16, 4)}}}
	case geo.KindSewerPlant:
		// A ring, so plants are not mistaken for kilns and other dots.
		c := circle("#ffffff", 6)
		c.paint["circle-stroke-color"] = colorSewer
		c.paint["circle-stroke-width"] = byZoom(8, 2.5, 14, 4)
		return []template{c}
	case geo.KindCoalRoute:
		return []template{
			{tier: tierLine, role: "casing", typ: "line", layout: roundLine(),
				paint: map[string]any{"line-color": colorCasing, "line-width": byZoom(6, 3, 12, 6, 16, 12)}},
			{tier: tierLine, role: "line", typ: "line", layout: roundLine(),
				paint: map[string]any{"line-color": colorRoute, "line-width": byZoom(6, 1.5, 12, 3.5, 16, 8)}},
		}
	case geo.KindCheckpoint:
		return []template{circle(colorCheckpoint, 7)}
	default: // geo.KindCustom and kinds added later: any geometry, in the custom colour
		f := fill(tierArea, custom, 0.25)
		f.filter = polygons()
		o := outline(custom, 1.4)
		o.filter = polygons()
		c := circle(custom, 6)
		c.filter = points()
		return []template{f, o, {tier: tierLine, role: "line", typ: "line", filter: lines(), layout: roundLine(),
			paint: map[string]any{"line-color": custom, "line-width": byZoom(8, 1.5, 12, 3, 16, 6)}}, c}
	}
}
