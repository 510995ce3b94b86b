package style

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Basemap is the raster base map drawn under the zones: one or more raster
// tile sources layered bottom to top (Tianditu's map and its annotation, or
// any XYZ template). The zero value is offline: the counties are the base
// map.
type Basemap struct {
	Layers []RasterLayer
	// ReviewNo is the map review number (审图号) the operator's licence
	// carries, shown with the attribution when set.
	ReviewNo string
}

// RasterLayer is one raster tile source of a basemap.
type RasterLayer struct {
	ID          string   // style source and layer id, "basemap-…"
	Tiles       []string // URL templates with {z}, {x}, {y}; several for subdomains
	Attribution string
	MaxZoom     int
}

// Basemap names that --basemap accepts besides an XYZ URL template.
const (
	BasemapNone        = "none"
	BasemapTiandituVec = "tianditu-vec" // vector map vec_w + annotation cva_w
	BasemapTiandituImg = "tianditu-img" // imagery img_w + annotation cia_w
)

// ErrBasemap is wrapped by ParseBasemap for a spec it cannot use.
var ErrBasemap = errors.New("basemap")

// tiandituAttribution credits Tianditu as its terms ask.
const tiandituAttribution = "天地图 Tianditu © 国家地理信息公共服务平台"

// ParseBasemap reads basemap specs, bottom to top: "none", "tianditu-vec",
// "tianditu-img" (both need tiandituKey) or an http(s) XYZ URL template
// with {z}, {x} and {y}. "none" alone, or no spec, is the offline basemap.
// Tianditu's web-Mercator tiles are CGCS2000, within a metre of WGS 84, so
// they line up with the zones unshifted; GCJ-02 tiles (AMap, Tencent) are
// offset by hundreds of metres and must not be used.
func ParseBasemap(specs []string, tiandituKey, reviewNo string) (Basemap, error) {
	var b Basemap
	for _, spec := range specs {
		spec = strings.TrimSpace(spec)
		switch spec {
		case "", BasemapNone:
			continue
		case BasemapTiandituVec, BasemapTiandituImg:
			if tiandituKey == "" {
				return Basemap{}, fmt.Errorf("%w %q: needs a Tianditu key (--tianditu-key or ZONEGATE_TIANDITU_KEY)", ErrBasemap, spec)
			}
			base, note := "vec", "cva"
			if spec == BasemapTiandituImg {
				base, note = "img", "cia"
			}
			b.Layers = append(b.Layers, tianditu(base, tiandituKey), tianditu(note, tiandituKey))
		default:
			l, err := xyzLayer(spec, len(b.Layers))
			if err != nil {
				return Basemap{}, err
			}
			b.Layers = append(b.Layers, l)
		}
	}
	if len(b.Layers) > 0 {
		b.ReviewNo = strings.TrimSpace(reviewNo)
	}
	return b, nil
}

// tianditu is one Tianditu WMTS layer (vec, cva, img or cia) in web
// Mercator ("_w"), over the eight subdomains t0…t7.
func tianditu(layer, key string) RasterLayer {
	l := RasterLayer{ID: "basemap-tianditu-" + layer, Attribution: tiandituAttribution, MaxZoom: 18}
	for i := range 8 {
		l.Tiles = append(l.Tiles, fmt.Sprintf("https://t%d.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"+
			"&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s",
			i, layer, layer, url.QueryEscape(key)))
	}
	return l
}

// xyzLayer checks an XYZ URL template and credits its host.
func xyzLayer(tmpl string, n int) (RasterLayer, error) {
	u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(tmpl))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return RasterLayer{}, fmt.Errorf("%w %q: want none, %s, %s or an http(s) URL template", ErrBasemap, tmpl, BasemapTiandituVec, BasemapTiandituImg)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(tmpl, p) {
			return RasterLayer{}, fmt.Errorf("%w %q: the URL template lacks %s", ErrBasemap, tmpl, p)
		}
	}
	return RasterLayer{ID: fmt.Sprintf("basemap-xyz-%d", n), Tiles: []string{tmpl},
		Attribution: "basemap © " + u.Hostname(), MaxZoom: 19}, nil
}

// addBasemap adds b's raster sources and layers (bottom to top) to st.
func addBasemap(st *Style, b Basemap) {
	for i, l := range b.Layers {
		attr := l.Attribution
		switch {
		case i > 0 && attr == b.Layers[0].Attribution:
			attr = "" // one credit per provider
		case i == 0 && b.ReviewNo != "":
			attr += " · 审图号 " + b.ReviewNo
		}
		st.Sources[l.ID] = Source{Type: "raster", Tiles: l.Tiles, TileSize: 256, MaxZoom: l.MaxZoom, Attribution: attr}
		st.Layers = append(st.Layers, Layer{ID: l.ID, Type: "raster", Source: l.ID, Paint: map[string]any{"raster-opacity": 1},
			Metadata: map[string]any{"zonegate:basemap": true}})
	}
	if b.ReviewNo != "" {
		st.Metadata["zonegate:review-no"] = b.ReviewNo
	}
}
