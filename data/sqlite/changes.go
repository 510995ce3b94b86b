package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// Changes calls fn for every zone version row written after revision since
// (0 or less: all rows), in revision order and, within a revision, in the
// order the rows were first inserted. It reads one consistent snapshot and
// returns the store revision of that snapshot, so passing the result as the
// next since misses nothing. An error from fn stops the scan and is
// returned unwrapped.
func (s *Store) Changes(ctx context.Context, since int64, fn func(*geo.Zone) error) (int64, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM store_state WHERE id = 1`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("sqlite: changes: read revision: %w", err)
	}
	const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE revision > ? ORDER BY revision, fid`
	err = eachZone(ctx, tx, q, []any{since}, fn)
	var stop sqlrow.Stop
	if errors.As(err, &stop) {
		return 0, stop.Err
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: changes: %w", err)
	}
	return rev, nil
}

// Subscribe returns a channel that receives the store revision after every
// Commit or PutLayer made through this Store (not other processes). The
// channel has room for one value and always holds the newest revision not
// yet received: deliveries coalesce and never block the writer. It closes
// when ctx ends or the Store is closed.
func (s *Store) Subscribe(ctx context.Context) <-chan int64 {
	return s.hub.Subscribe(ctx)
}
