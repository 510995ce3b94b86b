package analysis

import (
	"math"
	"net/http"
	"time"

	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/tiles"
	"github.com/zonegate/zonegate/tiles/relief"
)

// Terrain tilesets.
const (
	hillshadeTileset = "hillshade"
	contourTileset   = "contours"
)

// pngContentType is the media type of hillshade tiles.
const pngContentType = "image/png"

// HillshadeTile answers GET /tiles/hillshade/{z}/{x}/{y}.png: a 256²
// grey hillshade of the loaded DEMs (sun at azimuth 315°, altitude 45°),
// transparent where no DEM has data. Tiles are cached with the zone tiles
// and carry an ETag derived from the DEMs; PNG is not gzip-encoded again.
func (h *Handler) HillshadeTile(w http.ResponseWriter, r *http.Request) error {
	t, err := wire.TileAddress(r)
	if err != nil {
		return err
	}
	return h.serveTerrainTile(w, r, hillshadeTileset, t, pngContentType, false, func() ([]byte, error) {
		return h.relief.Hillshade(t)
	})
}

// ContourTile answers GET /tiles/contours/{z}/{x}/{y}.mvt: contour lines
// of the loaded DEMs as a Mapbox Vector Tile (layer "contours", properties
// elevation_m and major), at the interval relief.ContourInterval
// gives for the zoom. A tile without lines is 204 No Content.
func (h *Handler) ContourTile(w http.ResponseWriter, r *http.Request) error {
	t, err := wire.TileAddress(r)
	if err != nil {
		return err
	}
	return h.serveTerrainTile(w, r, contourTileset, t, wire.MVTContentType, true, func() ([]byte, error) {
		return h.relief.Contours(t)
	})
}

// serveTerrainTile answers a terrain tile from the tile cache, rendering
// it on a miss, with ETag revalidation; gzipOK allows the gzip
// representation for clients that accept it.
func (h *Handler) serveTerrainTile(w http.ResponseWriter, r *http.Request, set string, t maptile.Tile,
	contentType string, gzipOK bool, render func() ([]byte, error)) error {
	ts := tiles.Tileset{Name: set + "|" + h.relief.Fingerprint()}
	key := tiles.NewKey(staticSource{}, ts, t, time.Time{}, tiles.Options{})
	gz := gzipOK && wire.AcceptsGzip(r.Header.Get("Accept-Encoding"))
	hdr := w.Header()
	hdr.Set("Cache-Control", wire.TileCacheControl)
	if gzipOK {
		hdr.Set("Vary", "Accept-Encoding")
	}
	hdr.Set("ETag", key.ETag(gz))
	if inm := r.Header.Get("If-None-Match"); wire.ETagMatches(inm, key.ETag(false)) || (gzipOK && wire.ETagMatches(inm, key.ETag(true))) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	e, err := h.tileCache.Get(key, render)
	if err != nil {
		return err
	}
	wire.WriteTile(w, e, gz, contentType)
	return nil
}

// terrainTileJSON is TileJSON 3.0.0 for a terrain tileset; vector_layers
// is present for the contour tiles only.
type terrainTileJSON struct {
	TileJSON     string              `json:"tilejson"`
	Name         string              `json:"name"`
	Description  string              `json:"description"`
	Attribution  string              `json:"attribution,omitempty"`
	Scheme       string              `json:"scheme"`
	Tiles        []string            `json:"tiles"`
	VectorLayers []tiles.VectorLayer `json:"vector_layers,omitempty"`
	Bounds       [4]float64          `json:"bounds"`
	Center       [3]float64          `json:"center"`
	MinZoom      int                 `json:"minzoom"`
	MaxZoom      int                 `json:"maxzoom"`
}

// HillshadeTileJSON answers GET /tiles/hillshade.json: TileJSON whose
// bounds are the loaded DEMs' (the Web Mercator world when none is loaded).
func (h *Handler) HillshadeTileJSON(w http.ResponseWriter, r *http.Request) error {
	return h.writeTileJSON(w, r, hillshadeTileset)
}

// ContourTileJSON answers GET /tiles/contours.json, as HillshadeTileJSON.
func (h *Handler) ContourTileJSON(w http.ResponseWriter, r *http.Request) error {
	return h.writeTileJSON(w, r, contourTileset)
}

// writeTileJSON answers the TileJSON of a terrain tileset.
func (h *Handler) writeTileJSON(w http.ResponseWriter, r *http.Request, set string) error {
	tj := terrainTileJSON{
		TileJSON: tiles.TileJSONVersion, Name: set, Scheme: "xyz", MinZoom: 0, MaxZoom: tiles.MaxZoom,
		Bounds: [4]float64{-180, -85.0511, 180, 85.0511}, Center: [3]float64{0, 0, 0},
	}
	if b, ok := h.relief.Bounds(); ok {
		tj.Bounds = [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		c := b.Center()
		tj.Center = [3]float64{c[0], c[1], math.Max(0, math.Floor(math.Log2(360/math.Max(b.Max[0]-b.Min[0], 1e-9))))}
	}
	base := wire.Scheme(r) + "://" + r.Host + "/tiles/" + set + "/{z}/{x}/{y}"
	switch set {
	case hillshadeTileset:
		tj.Description = "hillshade of the elevation models (sun azimuth 315°, altitude 45°), 256 px PNG"
		tj.Tiles = []string{base + ".png"}
	default:
		tj.Description = "contour lines of the elevation models: 200 m below zoom 10, 100 m at 10-11, 50 m at 12-13, 25 m from 14"
		tj.Tiles = []string{base + ".mvt"}
		tj.VectorLayers = []tiles.VectorLayer{{ID: relief.ContourLayer, Description: "contour lines; every 5th interval is major",
			Fields: map[string]string{"elevation_m": "Number", "major": "Boolean"}, MinZoom: 0, MaxZoom: tiles.MaxZoom}}
	}
	w.Header().Set("Cache-Control", wire.TileCacheControl)
	wire.WriteJSON(w, http.StatusOK, tj)
	return nil
}
