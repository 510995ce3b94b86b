package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

var _ data.TrackStore = (*Store)(nil)

// CommitTrack upserts the vehicles and inserts the events in one write
// transaction through prepared statements, and sets the IDs and Created of
// the events it stored; an event whose key is stored already (or repeats an
// earlier key of the batch) keeps ID 0. It does not change the store
// revision. An invalid vehicle or event wraps geo.ErrInvalid and nothing is
// written. See data.TrackStore.
func (s *Store) CommitTrack(ctx context.Context, b data.TrackBatch) error {
	if err := data.CheckTrackBatch(b); err != nil {
		return fmt.Errorf("sqlite: commit track: %w", err)
	}
	if len(b.Vehicles) == 0 && len(b.Events) == 0 {
		return ctx.Err()
	}
	ids := make([]int64, len(b.Events))
	var created time.Time
	err := s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		created = now
		if err := upsertVehicles(ctx, tx, b.Vehicles); err != nil {
			return err
		}
		return insertEvents(ctx, tx, b.Events, now, ids)
	})
	if err != nil {
		return fmt.Errorf("sqlite: commit track: %w", err)
	}
	for i, e := range b.Events {
		if ids[i] != 0 {
			e.ID, e.Created = ids[i], created
		}
	}
	return nil
}

// UpdateTrack reads the stored states of plates, calls apply and writes
// its batch in one write transaction (BEGIN IMMEDIATE: SQLite has one
// writer, so every UpdateTrack and CommitTrack runs alone). See
// data.TrackStore.
func (s *Store) UpdateTrack(ctx context.Context, plates []string, apply func(map[string]*data.Vehicle) (data.TrackBatch, error)) error {
	var b data.TrackBatch
	var ids []int64
	var created time.Time
	err := s.writeTx(ctx, func(tx *sql.Tx, now time.Time) error {
		created = now
		stored, err := lockedVehicles(ctx, tx, plates)
		if err != nil {
			return err
		}
		if b, err = apply(stored); err != nil {
			return err
		}
		if err := data.CheckTrackBatch(b); err != nil {
			return err
		}
		if err := upsertVehicles(ctx, tx, b.Vehicles); err != nil {
			return err
		}
		ids = make([]int64, len(b.Events))
		return insertEvents(ctx, tx, b.Events, now, ids)
	})
	if err != nil {
		return fmt.Errorf("sqlite: update track: %w", err)
	}
	for i, e := range b.Events {
		if ids[i] != 0 {
			e.ID, e.Created = ids[i], created
		}
	}
	return nil
}

// lockedVehicles reads the stored vehicles of plates within tx.
func lockedVehicles(ctx context.Context, tx *sql.Tx, plates []string) (map[string]*data.Vehicle, error) {
	out := make(map[string]*data.Vehicle, len(plates))
	if len(plates) == 0 {
		return out, nil
	}
	list, err := json.Marshal(plates)
	if err != nil {
		return nil, fmt.Errorf("read vehicles: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT plate, time, lon, lat, zones, off_route, cargo FROM vehicles
		WHERE plate IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("read vehicles: %w", err)
	}
	vs, err := collect(rows, sqlrow.ScanVehicle)
	if err != nil {
		return nil, fmt.Errorf("read vehicles: %w", err)
	}
	for _, v := range vs {
		out[v.Plate] = v
	}
	return out, nil
}

// trackChunk is the number of rows per multi-row INSERT: fewer statement
// executions, far below SQLite's limit of 32,766 bound variables.
const trackChunk = 128

// chunked runs one multi-row statement per chunk of n rows: head, then
// one tuple of cols placeholders per row, then tail. Statements for full
// chunks are prepared once. row appends the arguments of row i; each
// statement's result rows go to scan (nil: executed without results).
func chunked(ctx context.Context, tx *sql.Tx, n, cols int, head, tail string, row func(args []any, i int) []any,
	scan func(*sql.Rows) error) error {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	query := func(rows int) string {
		return head + strings.TrimSuffix(strings.Repeat(tuple+", ", rows), ", ") + tail
	}
	var full *sql.Stmt
	args := make([]any, 0, trackChunk*cols)
	for start := 0; start < n; start += trackChunk {
		end := min(start+trackChunk, n)
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(args, i)
		}
		var stmt *sql.Stmt
		var err error
		if end-start == trackChunk {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, query(trackChunk)); err != nil {
					return fmt.Errorf("prepare: %w", err)
				}
				defer full.Close()
			}
			stmt = full
		} else {
			if stmt, err = tx.PrepareContext(ctx, query(end-start)); err != nil {
				return fmt.Errorf("prepare: %w", err)
			}
			defer stmt.Close()
		}
		if scan == nil {
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return err
			}
			continue
		}
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// upsertVehicles writes vs within tx; a plate given twice keeps the later.
func upsertVehicles(ctx context.Context, tx *sql.Tx, vs []*data.Vehicle) error {
	keep := sqlrow.LatestVehicles(vs)
	zones := make([]string, len(keep))
	for i, v := range keep {
		var err error
		if zones[i], err = sqlrow.VehicleZones(v); err != nil {
			return err
		}
	}
	const head = `INSERT INTO vehicles (plate, time, lon, lat, zones, off_route, cargo) VALUES `
	const tail = ` ON CONFLICT (plate) DO UPDATE SET time = excluded.time, lon = excluded.lon, lat = excluded.lat,
		zones = excluded.zones, off_route = excluded.off_route, cargo = excluded.cargo`
	err := chunked(ctx, tx, len(keep), 7, head, tail, func(args []any, i int) []any {
		v := keep[i]
		return append(args, v.Plate, sqlrow.FormatText(v.Time), v.Position[0], v.Position[1], zones[i], v.OffRoute, v.Cargo)
	}, nil)
	if err != nil {
		return fmt.Errorf("upsert vehicles: %w", err)
	}
	return nil
}

// insertEvents inserts es within tx and sets ids[i] to the ID of each
// stored event: 0 for a key stored before or repeated within es (only the
// first of a key is inserted). IDs increase in the order of es.
func insertEvents(ctx context.Context, tx *sql.Tx, es []*data.Event, now time.Time, ids []int64) error {
	keep := sqlrow.FirstEvents(es)
	first := make(map[string]int, len(keep)) // key → index of its first event
	for _, i := range keep {
		first[es[i].Key] = i
	}
	created := sqlrow.FormatText(now)
	const head = `INSERT INTO events (key, plate, time, type, layer, zone, zone_name, lon, lat, cargo, created) VALUES `
	const tail = ` ON CONFLICT (key) DO NOTHING RETURNING key, id`
	var key string
	var id int64
	err := chunked(ctx, tx, len(keep), 11, head, tail, func(args []any, i int) []any {
		e := es[keep[i]]
		return append(args, e.Key, e.Plate, sqlrow.FormatText(e.Time), e.Type, e.Layer, e.Zone, e.ZoneName,
			e.Position[0], e.Position[1], e.Cargo, created)
	}, func(rows *sql.Rows) error {
		if err := rows.Scan(&key, &id); err != nil {
			return err
		}
		ids[first[key]] = id
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	return nil
}

// Vehicles returns every tracked vehicle ordered by plate.
func (s *Store) Vehicles(ctx context.Context) ([]*data.Vehicle, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT plate, time, lon, lat, zones, off_route, cargo FROM vehicles ORDER BY plate`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: vehicles: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanVehicle)
	if err != nil {
		return nil, fmt.Errorf("sqlite: vehicles: %w", err)
	}
	return out, nil
}

// Events returns the events matching f in ID order (see data.EventFilter).
func (s *Store) Events(ctx context.Context, f data.EventFilter) ([]*data.Event, error) {
	q, args := dialect.EventQuery(f)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanEvent)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	return out, nil
}

// WebhookStates returns the stored cursors ordered by URL.
func (s *Store) WebhookStates(ctx context.Context) ([]data.WebhookState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sqlrow.WebhookColumns+` FROM webhook_states ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhook states: %w", err)
	}
	out, err := collect(rows, sqlrow.ScanWebhookState)
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhook states: %w", err)
	}
	return out, nil
}

// PutWebhookState upserts one cursor. An empty URL or a time the store
// cannot hold wraps geo.ErrInvalid.
func (s *Store) PutWebhookState(ctx context.Context, w data.WebhookState) error {
	up, args, err := dialect.WebhookUpsert(w)
	if err != nil {
		return fmt.Errorf("sqlite: put webhook state: %w", err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx, _ time.Time) error {
		_, err := tx.ExecContext(ctx, up, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: put webhook state %s: %w", w.URL, err)
	}
	return nil
}
