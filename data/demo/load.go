package demo

import (
	"context"
	"fmt"

	"github.com/zonegate/zonegate/data"
)

// Load writes the demo region into s: PutLayer for each layer, then all
// zones in one Commit. It only loads an empty store: if s already has any
// layer it writes nothing and returns false. Two processes loading the same
// empty store at once may both get past that check; the loser's Commit then
// appends second versions, so run Load from one process.
func Load(ctx context.Context, s data.Store) (loaded bool, err error) {
	existing, err := s.Layers(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: list layers: %w", err)
	}
	if len(existing) > 0 {
		return false, nil
	}
	layers, zones := Region()
	for _, l := range layers {
		if _, err := s.PutLayer(ctx, l); err != nil {
			return false, fmt.Errorf("demo: put layer %s: %w", l.ID, err)
		}
	}
	if err := s.Commit(ctx, data.Batch{Append: zones}); err != nil {
		return false, fmt.Errorf("demo: commit %d zones: %w", len(zones), err)
	}
	return true, nil
}
