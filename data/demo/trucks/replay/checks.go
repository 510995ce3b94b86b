package replay

// The simulated station checks of the demo fleet: each trucks.Check goes
// to POST /v1/checks/coal-truck right after the positions tick that
// reaches its time.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zonegate/zonegate/data/demo/trucks"
)

// checkBody is the POST /v1/checks/coal-truck body of one simulated check.
type checkBody struct {
	Station   string           `json:"station"`
	Plate     string           `json:"plate"`
	Position  [2]float64       `json:"position"`
	Route     *checkRoute      `json:"route,omitempty"`
	At        string           `json:"at"`
	CRS       string           `json:"crs"`
	Cargo     trucks.Cargo     `json:"cargo"`
	Documents trucks.Documents `json:"documents"`
}

type checkRoute struct {
	Type        string       `json:"type"`
	Coordinates [][2]float64 `json:"coordinates"`
}

// newCheckBody converts a generated check to its request, with the time
// in China time as a station's device reports it.
func newCheckBody(c trucks.Check) checkBody {
	b := checkBody{Station: c.Station, Plate: c.Plate, Position: [2]float64{c.At[0], c.At[1]},
		At: c.Time.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339), CRS: "wgs84",
		Cargo: c.Cargo, Documents: c.Documents}
	if len(c.Route) >= 2 {
		r := &checkRoute{Type: "LineString", Coordinates: make([][2]float64, len(c.Route))}
		for i, p := range c.Route {
			r.Coordinates[i] = [2]float64{p[0], p[1]}
		}
		b.Route = r
	}
	return b
}

// sendCheck posts one check and counts its decision in st.
func (rp *Replayer) sendCheck(ctx context.Context, c trucks.Check, st *Stats) error {
	body, err := json.Marshal(newCheckBody(c))
	if err != nil {
		return fmt.Errorf("encode check: %w", err)
	}
	raw, err := rp.post(ctx, "/v1/checks/coal-truck", body)
	if err != nil {
		return err
	}
	var ans struct {
		Decision string `json:"decision"`
		Action   string `json:"action"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fmt.Errorf("POST /v1/checks/coal-truck: answer: %w", err)
	}
	st.Checks++
	if ans.Decision == "deny" {
		st.Denied++
	}
	if ans.Action == "turn_back" {
		st.TurnedBack++
	}
	return nil
}

// post sends a JSON body to path and returns the answer of a 200.
func (rp *Replayer) post(ctx context.Context, path string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rp.URL+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("POST %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if rp.Token != "" {
		req.Header.Set("Authorization", "Bearer "+rp.Token)
	}
	resp, err := rp.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("POST %s: read answer: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("POST %s: %s: %s", path, resp.Status, bytes.TrimSpace(raw))
	}
	return raw, nil
}
