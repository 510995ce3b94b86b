package postgis

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// Changes calls fn for every zone version row written after revision since
// (0 or less: all rows), in revision order and, within a revision, in the
// order the rows were inserted. It reads one consistent snapshot
// (REPEATABLE READ) and returns the store revision of that snapshot; since
// revisions commit in order, passing the result as the next since misses
// nothing. An error from fn stops the scan and is returned unwrapped.
//
// A scan that fails before fn has been called is retried; one that fails
// later is not, because fn has already seen rows.
func (s *Store) Changes(ctx context.Context, since int64, fn func(*geo.Zone) error) (int64, error) {
	var rev int64
	called := false
	err := s.retryFor(ctx, 10*s.timeout, func(ctx context.Context) error {
		if called {
			return sqlrow.Stop{Err: errors.New("connection lost during the scan")}
		}
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, `SELECT revision FROM store_state WHERE id = 1`).Scan(&rev); err != nil {
				return fmt.Errorf("read revision: %w", err)
			}
			const q = `SELECT ` + zoneCols + ` FROM zone_versions WHERE revision > $1 ORDER BY revision, fid`
			return eachZone(ctx, tx, q, []any{since}, func(z *geo.Zone) error {
				called = true
				return fn(z)
			})
		})
	})
	var stop sqlrow.Stop
	if errors.As(err, &stop) {
		return 0, stop.Err
	}
	if err != nil {
		return 0, fmt.Errorf("postgis: changes since %d: %w", since, err)
	}
	return rev, nil
}

// Subscribe returns a channel that receives the store revision after every
// Commit or PutLayer, made through this Store or by any other process on the
// same database (LISTEN/NOTIFY on a dedicated connection, started by the
// first Subscribe). The channel has room for one value and always holds the
// newest revision not yet received: deliveries coalesce and never block a
// writer. After the listening connection is lost and re-established the
// current revision is sent even if it did not change, so a receiver
// re-reads Changes. The channel closes when ctx ends or the Store is closed.
func (s *Store) Subscribe(ctx context.Context) <-chan int64 {
	s.listenOnce.Do(func() { go s.listen() })
	return s.hub.Subscribe(ctx)
}
