package data

import (
	"context"
	"errors"
	"fmt"

	"github.com/zonegate/zonegate/geo"
)

// publishRetries bounds how often Publish re-reads and retries after losing a
// race with another writer.
const publishRetries = 5

// Publish stores zones as new published versions in one atomic Commit and
// closes or retires the earlier published versions they supersede (see
// geo.Supersede). Each zone's Status is set to published and its Version to
// 0 (assigned by the store). Two zones naming the same feature is an error
// wrapping geo.ErrInvalid. When another writer changes one of the features
// meanwhile, Publish re-reads and retries a few times before returning
// ErrConflict.
func Publish(ctx context.Context, s Store, zones []*geo.Zone) error {
	seen := make(map[[2]string]int, len(zones))
	for i, z := range zones {
		k := [2]string{z.Layer, z.ID}
		if j, dup := seen[k]; dup {
			return fmt.Errorf("%w: features %d and %d both have id %q in layer %q", geo.ErrInvalid, j, i, z.ID, z.Layer)
		}
		seen[k] = i
		z.Status = geo.StatusPublished
		z.Version = 0
	}
	var err error
	for range publishRetries {
		var b Batch
		b, err = supersedeBatch(ctx, s, zones)
		if err != nil {
			return err
		}
		if err = s.Commit(ctx, b); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("publish %d zones: %w", len(zones), err)
}

func supersedeBatch(ctx context.Context, s Store, zones []*geo.Zone) (Batch, error) {
	b := Batch{Append: zones}
	for _, z := range zones {
		prev, err := s.ZoneVersions(ctx, z.Layer, z.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return Batch{}, fmt.Errorf("read versions of %s/%s: %w", z.Layer, z.ID, err)
		}
		b.Update = append(b.Update, geo.Supersede(prev, z)...)
	}
	return b, nil
}
