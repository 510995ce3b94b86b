package sqlrow

import (
	"encoding/json"
	"fmt"

	"github.com/zonegate/zonegate/data"
)

// LatestVehicles returns one state per plate, the last given, in the order
// of those last states in vs.
func LatestVehicles(vs []*data.Vehicle) []*data.Vehicle {
	last := make(map[string]int, len(vs))
	for i, v := range vs {
		last[v.Plate] = i
	}
	keep := make([]*data.Vehicle, 0, len(last))
	for i, v := range vs {
		if last[v.Plate] == i {
			keep = append(keep, v)
		}
	}
	return keep
}

// VehicleZones is the zones column of v: a JSON array of zone IDs, [] for
// none.
func VehicleZones(v *data.Vehicle) (string, error) {
	z := v.Zones
	if z == nil {
		z = []string{}
	}
	b, err := json.Marshal(z)
	if err != nil {
		return "", fmt.Errorf("vehicle %s: zones: %w", v.Plate, err)
	}
	return string(b), nil
}

// FirstEvents returns the indexes in es of the first event of each key, in
// order: the events a store inserts (a later one of a key is a repeat).
func FirstEvents(es []*data.Event) []int {
	seen := make(map[string]bool, len(es))
	keep := make([]int, 0, len(es))
	for i, e := range es {
		if !seen[e.Key] {
			seen[e.Key] = true
			keep = append(keep, i)
		}
	}
	return keep
}
