package style

// Terrain configures the relief layers of a style: a hillshade raster and
// contour lines, drawn over the land fill and under every zone layer.
type Terrain struct {
	// HillshadeTileJSON is the URL of the hillshade raster TileJSON
	// (zonegate serves /tiles/hillshade.json). Empty: no hillshade.
	HillshadeTileJSON string
	// ContoursTileJSON is the URL of the contour vector TileJSON
	// (/tiles/contours.json), whose layer ContourSourceLayer has features
	// with elevation_m and major. Empty: no contours.
	ContoursTileJSON string
	// GlyphsURL is an optional font glyph URL template ({fontstack},
	// {range}). When set, major contours are labelled with their elevation
	// using the font GlyphsFont; without it the style needs no glyphs, and
	// majors are told apart by a heavier line only.
	GlyphsURL string
	// GlyphsFont is the font stack of the labels; empty means
	// "Noto Sans Regular".
	GlyphsFont string
}

// Source ids, layer ids and look of the relief layers.
const (
	HillshadeSourceID  = "hillshade"
	ContoursSourceID   = "contours"
	ContourSourceLayer = "contours" // the MVT layer of contour tiles
	// MetaTerrain marks relief style layers with "hillshade" or "contours"
	// (they draw no zonegate layer, so they carry no MetaLayer).
	MetaTerrain = "zonegate:terrain"

	HillshadeOpacity  = 0.35
	colorContour      = "#9a6b43"
	colorContourHalo  = "#ffffff"
	defaultGlyphsFont = "Noto Sans Regular"
)

// addTerrainSources adds the relief sources t asks for, and the glyphs URL
// when contour labels are wanted.
func addTerrainSources(st *Style, t Terrain) {
	if t.HillshadeTileJSON != "" {
		st.Sources[HillshadeSourceID] = Source{Type: "raster", URL: t.HillshadeTileJSON, TileSize: 256}
	}
	if t.ContoursTileJSON != "" {
		st.Sources[ContoursSourceID] = Source{Type: "vector", URL: t.ContoursTileJSON}
		if t.GlyphsURL != "" {
			st.Glyphs = t.GlyphsURL
		}
	}
}

// terrainLayers returns the relief style layers, bottom to top: hillshade,
// minor contours, major contours and, with glyphs, the major labels.
func terrainLayers(t Terrain) []Layer {
	var out []Layer
	if t.HillshadeTileJSON != "" {
		out = append(out, Layer{ID: "terrain-hillshade", Type: "raster", Source: HillshadeSourceID,
			Paint:    map[string]any{"raster-opacity": HillshadeOpacity, "raster-fade-duration": 0},
			Metadata: map[string]any{MetaTerrain: "hillshade"}})
	}
	if t.ContoursTileJSON == "" {
		return out
	}
	contour := func(id string, major bool, width []any, opacity float64) Layer {
		return Layer{ID: id, Type: "line", Source: ContoursSourceID, SourceLayer: ContourSourceLayer,
			Filter: []any{"==", []any{"get", "major"}, major}, Layout: map[string]any{"line-join": "round"},
			Paint:    map[string]any{"line-color": colorContour, "line-width": width, "line-opacity": opacity},
			Metadata: map[string]any{MetaTerrain: "contours"}}
	}
	out = append(out,
		contour("terrain-contours", false, byZoom(8, 0.3, 12, 0.6, 16, 1), 0.55),
		contour("terrain-contours-major", true, byZoom(8, 0.7, 12, 1.2, 16, 2), 0.8))
	if t.GlyphsURL != "" {
		font := t.GlyphsFont
		if font == "" {
			font = defaultGlyphsFont
		}
		out = append(out, Layer{ID: "terrain-contour-labels", Type: "symbol", Source: ContoursSourceID,
			SourceLayer: ContourSourceLayer, MinZoom: 11,
			Filter: []any{"==", []any{"get", "major"}, true},
			Layout: map[string]any{
				"symbol-placement": "line", "text-field": []any{"concat", []any{"to-string", []any{"get", "elevation_m"}}, " m"},
				"text-font": []any{font}, "text-size": 10,
			},
			Paint:    map[string]any{"text-color": colorContour, "text-halo-color": colorContourHalo, "text-halo-width": 1.2},
			Metadata: map[string]any{MetaTerrain: "contours"}})
	}
	return out
}
