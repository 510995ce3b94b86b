package api

import (
	"net/http"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

type layerJSON struct {
	ID           string            `json:"id"`
	Kind         geo.Kind          `json:"kind"`
	Title        string            `json:"title"`
	Description  string            `json:"description,omitempty"`
	GeometryType geo.GeometryClass `json:"geometry_type"`
	FeatureCount int               `json:"feature_count"` // published zones valid now
	Revision     int64             `json:"revision"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// listLayers answers GET /v1/layers.
func (s *Server) listLayers(w http.ResponseWriter, r *http.Request) error {
	counts := map[string]int{}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	s.index.Snapshot().Search(world, index.Query{At: s.now()}, func(z *geo.Zone) bool {
		counts[z.Layer]++
		return true
	})
	layers := s.follower.Layers()
	out := make([]layerJSON, 0, len(layers))
	for _, l := range layers {
		out = append(out, layerJSON{
			ID: l.ID, Kind: l.Kind, Title: l.Title, Description: l.Description,
			GeometryType: l.Kind.GeometryClass(), FeatureCount: counts[l.ID],
			Revision: l.Revision, UpdatedAt: l.UpdatedAt,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"layers": out})
	return nil
}
