package api

import (
	"net/http"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/route"
)

// checkpointJSON is a published checkpoint; county is an admin zone id
// where one can be resolved (see checkpointCounty), else the property.
type checkpointJSON struct {
	ID       string    `json:"id"`
	Layer    string    `json:"layer"`
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	County   string    `json:"county"`
	Position orb.Point `json:"position"` // WGS84
}

// nearestCheckpointResponse is the answer of GET /v1/checkpoints/nearest.
type nearestCheckpointResponse struct {
	Checkpoint checkpointJSON `json:"checkpoint"`
	DistanceM  float64        `json:"distance_m"` // geodesic, WGS84 ellipsoid
}

// nearestCheckpoint answers GET /v1/checkpoints/nearest?lon=&lat=[&crs=]
// [&type=][&at=]: the published checkpoint (of the type, if given) nearest
// to the point by geodesic distance, or 404 no_checkpoint.
func (s *Server) nearestCheckpoint(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	wgs, err := parseQueryPointWGS84(q)
	if err != nil {
		return err
	}
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	typ := q.Get("type")
	if !utf8.ValidString(typ) || len(typ) > 64 {
		return badRequest("invalid_field", "type", "type must be valid UTF-8 of at most 64 bytes")
	}
	snap := s.index.Snapshot()
	rd := s.routes.Get(snap, at)
	cp, d, ok := rd.Checkpoints.Nearest(wgs, typ)
	if !ok {
		msg := "no published checkpoint"
		if typ != "" {
			msg += " of type " + typ
		}
		return &Error{Status: http.StatusNotFound, Code: "no_checkpoint", Message: msg}
	}
	writeJSON(w, http.StatusOK, nearestCheckpointResponse{DistanceM: d, Checkpoint: checkpointJSON{
		ID: cp.ID, Layer: cp.Layer, Name: cp.Name, Type: cp.Type, County: route.CheckpointCounty(snap, cp, at), Position: cp.Position}})
	return nil
}
