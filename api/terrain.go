package api

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles/relief"
	"github.com/zonegate/zonegate/tiles/style"
)

// terrainAPI is the server's elevation data: the DEMs of Options.DEMs and
// the renderer of their hillshade and contour tiles.
type terrainAPI struct {
	dems   terrain.DEMSet
	render *relief.Renderer
}

func newTerrainAPI(dems terrain.DEMSet) *terrainAPI {
	return &terrainAPI{dems: dems, render: relief.NewRenderer(dems, relief.Options{})}
}

// terrainRoutes registers the elevation endpoint and the terrain tiles.
// Their role table entries are in auth.go.
func (s *Server) terrainRoutes(r chi.Router) {
	r.Get("/v1/terrain/elevation", s.handle(s.getElevation))
	r.Get("/tiles/hillshade/{z}/{x}/{y}.png", s.handle(s.getHillshadeTile))
	r.Get("/tiles/contours/{z}/{x}/{y}.mvt", s.handle(s.getContourTile))
	r.Get("/tiles/hillshade.json", s.handle(s.getTerrainTileJSON(hillshadeTileset)))
	r.Get("/tiles/contours.json", s.handle(s.getTerrainTileJSON(contourTileset)))
}

// elevationResponse is the answer of GET /v1/terrain/elevation.
type elevationResponse struct {
	ElevationM float64   `json:"elevation_m"` // metres, rounded to 0.1 m
	DEM        string    `json:"dem"`         // name of the DEM that answered
	Position   orb.Point `json:"position"`    // the query point in WGS84
}

// getElevation answers GET /v1/terrain/elevation?lon=&lat=[&crs=]: the
// bilinearly interpolated elevation from the first loaded DEM with data
// there, 404 outside_dem (field lon) where none has.
func (s *Server) getElevation(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	wgs, err := parseQueryPointWGS84(q)
	if err != nil {
		return err
	}
	z, name, ok := s.terrain.dems.Sample(wgs[0], wgs[1])
	if !ok {
		msg := fmt.Sprintf("no elevation model covers %.6f, %.6f", wgs[0], wgs[1])
		if len(s.terrain.dems) == 0 {
			msg = "no elevation model is loaded; import one with 'zonegate dem import'"
		}
		return &Error{Status: http.StatusNotFound, Code: "outside_dem", Field: "lon", Message: msg}
	}
	writeJSON(w, http.StatusOK, elevationResponse{ElevationM: math.Round(z*10) / 10, DEM: name, Position: wgs})
	return nil
}

// staticSource is a tiles.Source without zones: terrain tiles depend on
// the DEMs only, which are fixed for the server's lifetime, so their cache
// keys carry the renderer's fingerprint in the tileset name instead of
// layer revisions.
type staticSource struct{}

func (staticSource) Search(orb.Bound, index.Query, func(*geo.Zone) bool) {}
func (staticSource) LayerRevision(string) int64                          { return 0 }
func (staticSource) Epoch(time.Time) time.Time                           { return time.Time{} }

// terrainStyle is the relief part of the map page's style: hillshade and
// contour layers from this server's terrain tiles when DEMs are loaded,
// none otherwise. origin is the request's scheme://host.
func (s *Server) terrainStyle(origin string) style.Terrain {
	if _, ok := s.terrain.render.Bounds(); !ok {
		return style.Terrain{}
	}
	return style.Terrain{
		HillshadeTileJSON: origin + "/tiles/" + hillshadeTileset + ".json",
		ContoursTileJSON:  origin + "/tiles/" + contourTileset + ".json",
	}
}
