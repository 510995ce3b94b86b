// Package style builds MapLibre style documents (style spec v8) for
// zonegate's vector tiles. Style layers are chosen by layer kind, not by
// layer id, so layers imported later are styled like the demo ones. The
// styles use no sprites; labels use glyphs that zonegate serves itself
// (Options.GlyphsURL), and the styles never reference the internet unless
// the operator configures a raster basemap.
package style

import (
	"errors"
	"fmt"
	"slices"

	"github.com/zonegate/zonegate/geo"
)

// DefaultName is the name of the style served when none is chosen.
const DefaultName = "zones"

// SourceID is the id of the vector source that every zonegate style layer
// draws from. Its source layers are named by zonegate layer id.
const SourceID = "zones"

// Metadata keys set on every style layer that draws a zonegate layer, so a
// client can find the style layers (and legend colours) of a layer without
// knowing the naming scheme.
const (
	MetaLayer = "zonegate:layer" // the zonegate layer id
	MetaKind  = "zonegate:kind"  // the zonegate layer kind
	MetaRole  = "zonegate:role"  // "fill", "line", "casing" or "circle"
)

// ErrUnknownStyle is returned by Build for a style name it does not know.
var ErrUnknownStyle = errors.New("unknown style")

// Names lists the style names Build knows.
func Names() []string { return []string{DefaultName} }

// Options adjusts a style.
type Options struct {
	// BasemapURL is an optional raster tile URL template ({z}/{x}/{y}, for
	// example a Tianditu URL with its key). When set, a raster source and
	// layer are added under everything else and the county fill is made
	// translucent so the basemap shows through. Empty: offline style whose
	// base map is the admin layers.
	BasemapURL string
	// BasemapAttribution is shown for the raster basemap.
	BasemapAttribution string
	// Basemap is the layered raster basemap (Tianditu, XYZ); it is drawn
	// under BasemapURL, which remains as a single-layer shorthand.
	Basemap Basemap
	// GlyphsURL is the font glyph URL template ({fontstack}, {range}) of
	// the labels, served by zonegate itself (tiles/glyphs). Empty: no
	// labels.
	GlyphsURL string
	// LabelsURL is the GeoJSON of label points (GET /v1/labels): one point
	// per zone with its name and kind. Labels are drawn only when both it
	// and GlyphsURL are set.
	LabelsURL string
	// Terrain adds hillshade and contour layers when the server has an
	// elevation model. The zero value adds none.
	Terrain Terrain
}

// Style is a MapLibre style document (style spec v8). Marshal it with
// encoding/json.
type Style struct {
	Version  int               `json:"version"`
	Name     string            `json:"name"`
	Metadata map[string]any    `json:"metadata,omitempty"`
	Glyphs   string            `json:"glyphs,omitempty"`
	Sources  map[string]Source `json:"sources"`
	Layers   []Layer           `json:"layers"`
}

// Source is a style source: vector (by TileJSON URL) or raster (by tile URL
// templates).
type Source struct {
	Type        string   `json:"type"`
	URL         string   `json:"url,omitempty"`
	Tiles       []string `json:"tiles,omitempty"`
	TileSize    int      `json:"tileSize,omitempty"`
	MaxZoom     int      `json:"maxzoom,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Data        string   `json:"data,omitempty"` // GeoJSON URL of a geojson source
}

// Layer is a style layer. Paint and Layout hold style-spec properties
// verbatim.
type Layer struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	Source      string         `json:"source,omitempty"`
	SourceLayer string         `json:"source-layer,omitempty"`
	MinZoom     float64        `json:"minzoom,omitempty"`
	Filter      []any          `json:"filter,omitempty"`
	Layout      map[string]any `json:"layout,omitempty"`
	Paint       map[string]any `json:"paint"`
	Metadata    map[string]any `json:"metadata,omitempty"`
}

// Build returns the style called name drawing the given zonegate layers
// from the TileJSON at tileJSONURL. Layers are drawn in a fixed order of
// tiers (base map, areas, boundaries, lines, points); within a tier, in the
// order given. A name other than those in Names gives an error wrapping
// ErrUnknownStyle.
func Build(name string, layers []geo.Layer, tileJSONURL string, o Options) (*Style, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("style %q: %w (known: %v)", name, ErrUnknownStyle, Names())
	}
	if tileJSONURL == "" {
		return nil, errors.New("build style: empty TileJSON URL")
	}
	st := &Style{
		Version:  8,
		Name:     "zonegate " + name,
		Metadata: map[string]any{"zonegate:style": name},
		Sources:  map[string]Source{SourceID: {Type: "vector", URL: tileJSONURL}},
		Layers:   []Layer{{ID: "background", Type: "background", Paint: map[string]any{"background-color": colorBackground}}},
	}
	addBasemap(st, o.Basemap)
	if o.BasemapURL != "" {
		st.Sources["basemap"] = Source{Type: "raster", Tiles: []string{o.BasemapURL}, TileSize: 256, MaxZoom: 18, Attribution: o.BasemapAttribution}
		st.Layers = append(st.Layers, Layer{ID: "basemap", Type: "raster", Source: "basemap", Paint: map[string]any{"raster-opacity": 1}})
	}
	withBasemap := o.BasemapURL != "" || len(o.Basemap.Layers) > 0
	ordered := slices.Clone(layers)
	slices.SortStableFunc(ordered, func(a, b geo.Layer) int { return drawRank(a.Kind) - drawRank(b.Kind) })
	customColor := customColorsByID(layers)
	addTerrainSources(st, o.Terrain)
	for tier := range tierCount {
		if tier == tierArea {
			// Relief goes over the land fill and under every zone.
			st.Layers = append(st.Layers, terrainLayers(o.Terrain)...)
		}
		for _, l := range ordered {
			for _, t := range templatesFor(l.Kind, withBasemap, customColor[l.ID]) {
				if t.tier != tier {
					continue
				}
				st.Layers = append(st.Layers, t.layer(l))
			}
		}
	}
	if o.GlyphsURL != "" && o.LabelsURL != "" {
		st.Glyphs = o.GlyphsURL
		st.Sources[LabelsSourceID] = Source{Type: "geojson", Data: o.LabelsURL}
		st.Layers = append(st.Layers, labelLayers()...)
	}
	return st, nil
}

// drawOrder is the order of kinds within a tier, bottom to top: the zones
// that decide most (coal ban) are drawn over the wider ones (burn ban,
// built-up areas).
var drawOrder = []geo.Kind{
	geo.KindAdmin, geo.KindBuiltUp, geo.KindKilnRelocation, geo.KindCleanHeating600m,
	geo.KindSewerNetwork, geo.KindBurnBan, geo.KindCoalBan, geo.KindCustom,
	geo.KindCoalRoute, geo.KindSewerPlant, geo.KindCheckpoint,
}

// drawRank is the position of k in drawOrder; kinds added later come last.
func drawRank(k geo.Kind) int {
	if i := slices.Index(drawOrder, k); i >= 0 {
		return i
	}
	return len(drawOrder)
}

// layer instantiates the template for zonegate layer l.
func (t template) layer(l geo.Layer) Layer {
	return Layer{
		ID: l.ID + "-" + t.role, Type: t.typ, Source: SourceID, SourceLayer: l.ID,
		MinZoom: t.minZoom, Filter: t.filter, Layout: t.layout, Paint: t.paint,
		Metadata: map[string]any{MetaLayer: l.ID, MetaKind: string(l.Kind), MetaRole: t.role},
	}
}

// customColorsByID gives each layer of kind custom its colour: the n-th in
// id order takes customColors[n], cycling. Other layers map to "".
func customColorsByID(layers []geo.Layer) map[string]string {
	var ids []string
	for _, l := range layers {
		if l.Kind == geo.KindCustom {
			ids = append(ids, l.ID)
		}
	}
	slices.Sort(ids)
	out := make(map[string]string, len(ids))
	for n, id := range ids {
		out[id] = customColors[n%len(customColors)]
	}
	return out
}
