package tiles

import (
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// TileJSONVersion is the TileJSON specification version NewTileJSON
// writes.
const TileJSONVersion = "3.0.0"

// TileJSON describes a tileset as TileJSON 3.0.0
// (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0).
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description,omitempty"`
	Version      string        `json:"version"`
	Attribution  string        `json:"attribution,omitempty"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	VectorLayers []VectorLayer `json:"vector_layers"`
	Bounds       [4]float64    `json:"bounds"` // west, south, east, north
	Center       [3]float64    `json:"center"` // lon, lat, zoom
	MinZoom      int           `json:"minzoom"`
	MaxZoom      int           `json:"maxzoom"`
}

// VectorLayer is one entry of TileJSON's vector_layers: an MVT layer and
// the properties its features may carry, each described by its type
// ("String", "Number", "Boolean" or "Mixed").
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description"`
	Fields      map[string]string `json:"fields"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
}

// NewTileJSON describes tileset ts as served at tileURL (a URL template
// with {z}, {x} and {y}) for the zones of src active at at: vector_layers
// lists every layer of the tileset with the properties its zones carry,
// bounds enclose those zones (the Web Mercator world when there are none),
// and center is the middle of the bounds at a zoom that shows them whole.
// When a layer title is marked synthetic (模拟 or "synthetic"), the
// attribution says the data are synthetic.
func NewTileJSON(src Source, ts Tileset, tileURL string, at time.Time) TileJSON {
	fields := make(map[string]map[string]string, len(ts.Layers))
	for _, l := range ts.Layers {
		fields[l.ID] = map[string]string{
			PropID: "String", PropName: "String", PropKind: "String", PropLayer: "String",
			PropVersion: "Number", PropValidFrom: "String", PropValidTo: "String",
		}
	}
	var bound orb.Bound
	found := false
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if len(ts.Layers) > 0 {
		src.Search(world, index.Query{At: at, Layers: ts.LayerIDs()}, func(z *geo.Zone) bool {
			if z.Geometry == nil {
				return true
			}
			if b := z.Geometry.Bound(); found {
				bound = bound.Union(b)
			} else {
				bound, found = b, true
			}
			addFields(fields[z.Layer], z.Properties)
			return true
		})
	}
	if !found {
		bound = orb.Bound{Min: orb.Point{-180, -maxLat}, Max: orb.Point{180, maxLat}}
	}
	bound.Min[1], bound.Max[1] = clamp(bound.Min[1], -maxLat, maxLat), clamp(bound.Max[1], -maxLat, maxLat)

	tj := TileJSON{
		TileJSON: TileJSONVersion, Name: ts.Name, Version: "1.0.0", Scheme: "xyz",
		Tiles:        []string{tileURL},
		VectorLayers: make([]VectorLayer, 0, len(ts.Layers)),
		Bounds:       [4]float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]},
		MinZoom:      0, MaxZoom: MaxZoom,
	}
	c := bound.Center()
	tj.Center = [3]float64{c[0], c[1], fitZoom(bound)}
	synthetic := false
	for _, l := range ts.Layers {
		desc := l.Title
		if l.Description != "" {
			desc += ": " + l.Description
		}
		tj.VectorLayers = append(tj.VectorLayers, VectorLayer{
			ID: l.ID, Description: desc, Fields: fields[l.ID], MinZoom: 0, MaxZoom: MaxZoom,
		})
		if strings.Contains(l.Title, "模拟") || strings.Contains(strings.ToLower(l.Title), "synthetic") {
			synthetic = true
		}
	}
	if synthetic {
		tj.Attribution = "Synthetic demo data (模拟数据), not an official delineation"
	}
	return tj
}

// addFields records the type of each property in fields; a property seen
// with two types becomes "Mixed". Properties named like the zonegate ones
// are shadowed in tiles and keep their zonegate type.
func addFields(fields map[string]string, props map[string]any) {
	for k, v := range props {
		if v = scalar(v); v == nil {
			continue
		}
		switch k {
		case PropID, PropName, PropKind, PropLayer, PropVersion, PropValidFrom, PropValidTo:
			continue
		}
		t := "Number"
		switch v.(type) {
		case string:
			t = "String"
		case bool:
			t = "Boolean"
		}
		if old, ok := fields[k]; ok && old != t {
			t = "Mixed"
		}
		fields[k] = t
	}
}

// fitZoom returns the deepest zoom (0..MaxZoom) at which b fits in one
// tile.
func fitZoom(b orb.Bound) float64 {
	span := math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	if span <= 0 {
		return MaxZoom
	}
	return clamp(math.Floor(math.Log2(360/span)), 0, MaxZoom)
}
