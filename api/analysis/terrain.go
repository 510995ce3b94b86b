package analysis

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles/style"
)

// elevationResponse is the answer of GET /v1/terrain/elevation.
type elevationResponse struct {
	ElevationM float64   `json:"elevation_m"` // metres, rounded to 0.1 m
	DEM        string    `json:"dem"`         // name of the DEM that answered
	Position   orb.Point `json:"position"`    // the query point in WGS84
}

// Elevation answers GET /v1/terrain/elevation?lon=&lat=[&crs=]: the
// bilinearly interpolated elevation from the first loaded DEM with data
// there, 404 outside_dem (field lon) where none has.
func (h *Handler) Elevation(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	wgs, err := wire.QueryPointWGS84(q)
	if err != nil {
		return err
	}
	z, name, ok := h.dems.Sample(wgs[0], wgs[1])
	if !ok {
		msg := fmt.Sprintf("no elevation model covers %.6f, %.6f", wgs[0], wgs[1])
		if len(h.dems) == 0 {
			msg = "no elevation model is loaded; import one with 'zonegate dem import'"
		}
		return &wire.Error{Status: http.StatusNotFound, Code: "outside_dem", Field: "lon", Message: msg}
	}
	wire.WriteJSON(w, http.StatusOK, elevationResponse{ElevationM: math.Round(z*10) / 10, DEM: name, Position: wgs})
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

// TerrainStyle is the relief part of the map page's style: hillshade and
// contour layers from this server's terrain tiles when DEMs are loaded,
// none otherwise. origin is the request's scheme://host.
func (h *Handler) TerrainStyle(origin string) style.Terrain {
	if _, ok := h.relief.Bounds(); !ok {
		return style.Terrain{}
	}
	return style.Terrain{
		HillshadeTileJSON: origin + "/tiles/" + hillshadeTileset + ".json",
		ContoursTileJSON:  origin + "/tiles/" + contourTileset + ".json",
	}
}
