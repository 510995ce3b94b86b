package postgis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

var _ data.EventSubscriber = (*Store)(nil)

// UpdateTrack locks the vehicle rows of plates, reads them, calls apply and
// writes its batch (see writeTrack), all in one read-committed
// transaction. See data.TrackStore.
//
// Locking: a plate not stored yet first gets a placeholder row (time
// -infinity, never listed by Vehicles and replaced in the same
// transaction), so every plate has a row to lock; then SELECT … FOR UPDATE
// locks the rows in plate order. Both steps go through the plates sorted,
// so two batches sharing plates lock them in the same order and cannot
// deadlock; batches of different plates do not wait for each other. Row
// locks live in the rows, not in PostgreSQL's shared lock table, so a batch
// of 50,000 plates locks as easily as one of ten. A transaction that waited
// for a row reads its newest committed version (read committed re-checks
// locked rows), so every writer sees the state the previous one committed.
func (s *Store) UpdateTrack(ctx context.Context, plates []string, apply func(map[string]*data.Vehicle) (data.TrackBatch, error)) error {
	plates = slices.Compact(slices.Sorted(slices.Values(plates)))
	var b data.TrackBatch
	var ids map[string]int64
	var created time.Time
	err := s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		created = now
		stored, err := lockVehicles(ctx, tx, plates)
		if err != nil {
			return err
		}
		if b, err = apply(stored); err != nil {
			return sqlrow.Stop{Err: err}
		}
		if err := data.CheckTrackBatch(b); err != nil {
			return err
		}
		for _, v := range b.Vehicles {
			if _, ok := slices.BinarySearch(plates, v.Plate); !ok {
				return fmt.Errorf("%w: vehicle %s: not among the locked plates", geo.ErrInvalid, v.Plate)
			}
		}
		vehicles, err := vehicleColumns(b.Vehicles)
		if err != nil {
			return err
		}
		ids, err = s.writeTrack(ctx, tx, vehicles, true, b.Events, now)
		return err
	})
	if stop := (sqlrow.Stop{}); errors.As(err, &stop) {
		return fmt.Errorf("postgis: update track: %w", stop.Err)
	}
	if err != nil {
		return fmt.Errorf("postgis: update track: %w", err)
	}
	setEventIDs(b.Events, ids, created)
	return nil
}

// lockVehicles locks the rows of plates (sorted, distinct) within tx and
// returns the stored vehicles among them by plate.
func lockVehicles(ctx context.Context, tx pgx.Tx, plates []string) (map[string]*data.Vehicle, error) {
	out := make(map[string]*data.Vehicle, len(plates))
	if len(plates) == 0 {
		return out, nil
	}
	const placeholders = `INSERT INTO vehicles (plate, time, lon, lat, zones, off_route, cargo)
		SELECT p, '-infinity', 0, 0, '[]', false, '' FROM unnest($1::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n
		ON CONFLICT (plate) DO NOTHING`
	if _, err := tx.Exec(ctx, placeholders, plates); err != nil {
		return nil, fmt.Errorf("add vehicles: %w", err)
	}
	const lock = `SELECT plate, NULLIF(time, '-infinity'), lon, lat, zones::text, off_route, cargo
		FROM vehicles WHERE plate = ANY($1::text[]) ORDER BY plate FOR UPDATE`
	rows, err := tx.Query(ctx, lock, plates)
	if err != nil {
		return nil, fmt.Errorf("lock vehicles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := sqlrow.ScanVehicle(rows)
		if err != nil {
			return nil, fmt.Errorf("lock vehicles: %w", err)
		}
		if !v.Time.IsZero() {
			out[v.Plate] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock vehicles: %w", err)
	}
	return out, nil
}

// SubscribeEvents returns a channel receiving the highest event ID
// committed, by any replica, as announced on the store's channel (and 0
// after the listener reconnects: re-read). See data.EventSubscriber.
func (s *Store) SubscribeEvents(ctx context.Context) <-chan int64 {
	s.listenOnce.Do(func() { go s.listen() })
	return s.events.Subscribe(ctx)
}
