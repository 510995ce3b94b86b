package postgis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

var _ data.TrackStore = (*Store)(nil)

// CommitTrack upserts the vehicles and inserts the events in one
// transaction of two statements over unnested arrays, and sets the IDs and
// Created of the events it stored; an event whose key is stored already
// (or repeats an earlier key of the batch) keeps ID 0. A plate given twice
// keeps its later state. Event IDs become visible in increasing order on
// every replica (see writeTrack). It does not change
// the store revision. An invalid vehicle or event wraps geo.ErrInvalid and
// nothing is written. See data.TrackStore.
func (s *Store) CommitTrack(ctx context.Context, b data.TrackBatch) error {
	if err := data.CheckTrackBatch(b); err != nil {
		return fmt.Errorf("postgis: commit track: %w", err)
	}
	if len(b.Vehicles) == 0 && len(b.Events) == 0 {
		return ctx.Err()
	}
	vehicles, err := vehicleColumns(b.Vehicles)
	if err != nil {
		return fmt.Errorf("postgis: commit track: %w", err)
	}
	var ids map[string]int64
	var created time.Time
	err = s.writeTx(ctx, func(tx pgx.Tx, now time.Time) error {
		created = now
		ids, err = s.writeTrack(ctx, tx, vehicles, false, b.Events, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgis: commit track: %w", err)
	}
	setEventIDs(b.Events, ids, created)
	return nil
}

// writeTrack upserts the vehicles (vehicleColumns) and inserts the events
// within tx and returns the IDs of the inserted events by key. Before the
// events it takes the events lock, a transaction-level advisory lock held
// until commit, so event IDs become visible in increasing order on every
// replica and an SSE reader paging with AfterID misses nothing; it is
// taken last, after any vehicle row locks, so writers cannot deadlock on
// it. Stored events are announced on the store's channel at commit.
//
// locked says the vehicles' rows exist and are locked (UpdateTrack): they
// are updated in place rather than upserted.
func (s *Store) writeTrack(ctx context.Context, tx pgx.Tx, vehicles []any, locked bool, es []*data.Event, now time.Time) (map[string]int64, error) {
	if len(vehicles) > 0 {
		up := `INSERT INTO vehicles (plate, time, lon, lat, zones, off_route, cargo)
			SELECT p, t, lo, la, z::jsonb, o, c
			FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::text[], $6::bool[], $7::text[])
			AS u(p, t, lo, la, z, o, c)
			ON CONFLICT (plate) DO UPDATE SET time = excluded.time, lon = excluded.lon, lat = excluded.lat,
			zones = excluded.zones, off_route = excluded.off_route, cargo = excluded.cargo`
		if locked {
			up = `UPDATE vehicles SET time = u.t, lon = u.lo, lat = u.la, zones = u.z::jsonb, off_route = u.o, cargo = u.c
			FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::text[], $6::bool[], $7::text[])
			AS u(p, t, lo, la, z, o, c)
			WHERE vehicles.plate = u.p`
		}
		if _, err := tx.Exec(ctx, up, vehicles...); err != nil {
			return nil, fmt.Errorf("upsert vehicles: %w", err)
		}
	}
	ids := map[string]int64{}
	events, _ := eventColumns(es)
	if len(events) == 0 {
		return ids, nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('zonegate.events.' || current_schema()))`); err != nil {
		return nil, fmt.Errorf("lock events: %w", err)
	}
	const ins = `INSERT INTO events (key, plate, time, type, layer, zone, zone_name, lon, lat, cargo, created)
		SELECT k, p, t, ty, l, z, zn, lo, la, c, $11
		FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
			$8::float8[], $9::float8[], $10::text[]) WITH ORDINALITY AS u(k, p, t, ty, l, z, zn, lo, la, c, n)
		ORDER BY n
		ON CONFLICT (key) DO NOTHING
		RETURNING key, id`
	rows, err := tx.Query(ctx, ins, append(events, now)...)
	if err != nil {
		return nil, fmt.Errorf("insert events: %w", err)
	}
	var key string
	var id, last int64
	_, err = pgx.ForEachRow(rows, []any{&key, &id}, func() error {
		ids[key] = id
		last = max(last, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("insert events: %w", err)
	}
	if last > 0 {
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, eventsPayload+strconv.FormatInt(last, 10)); err != nil {
			return nil, fmt.Errorf("notify events: %w", err)
		}
	}
	return ids, nil
}

// setEventIDs sets the ID and Created of each event of es that was stored:
// the first of its key that ids holds.
func setEventIDs(es []*data.Event, ids map[string]int64, created time.Time) {
	for _, e := range es {
		if id := ids[e.Key]; id != 0 {
			e.ID, e.Created = id, created
			delete(ids, e.Key)
		}
	}
}

// vehicleColumns returns the unnest arrays of vs, one state per plate (the
// last given).
func vehicleColumns(vs []*data.Vehicle) ([]any, error) {
	if len(vs) == 0 {
		return nil, nil
	}
	keep := sqlrow.LatestVehicles(vs)
	n := len(keep)
	plates, zones, cargo := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	times, lons, lats, off := make([]time.Time, 0, n), make([]float64, 0, n), make([]float64, 0, n), make([]bool, 0, n)
	for _, v := range keep {
		zj, err := sqlrow.VehicleZones(v)
		if err != nil {
			return nil, err
		}
		plates, zones, cargo = append(plates, v.Plate), append(zones, zj), append(cargo, v.Cargo)
		times, lons, lats, off = append(times, v.Time.UTC()), append(lons, v.Position[0]), append(lats, v.Position[1]), append(off, v.OffRoute)
	}
	return []any{plates, times, lons, lats, zones, off, cargo}, nil
}

// eventColumns returns the unnest arrays of es without repeated keys, and
// for each event whether it is the first of its key in es.
func eventColumns(es []*data.Event) ([]any, []bool) {
	if len(es) == 0 {
		return nil, nil
	}
	keep := sqlrow.FirstEvents(es)
	first := make([]bool, len(es))
	n := len(keep)
	keys, plates, types, layers := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	zones, names, cargo := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	times, lons, lats := make([]time.Time, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	for _, i := range keep {
		e := es[i]
		first[i] = true
		keys, plates, types, layers = append(keys, e.Key), append(plates, e.Plate), append(types, e.Type), append(layers, e.Layer)
		zones, names, cargo = append(zones, e.Zone), append(names, e.ZoneName), append(cargo, e.Cargo)
		times, lons, lats = append(times, e.Time.UTC()), append(lons, e.Position[0]), append(lats, e.Position[1])
	}
	return []any{keys, plates, times, types, layers, zones, names, lons, lats, cargo}, first
}

// Vehicles returns every tracked vehicle ordered by plate.
func (s *Store) Vehicles(ctx context.Context) ([]*data.Vehicle, error) {
	out, err := collect(ctx, s, `SELECT plate, time, lon, lat, zones::text, off_route, cargo FROM vehicles WHERE time <> '-infinity' ORDER BY plate`, nil,
		sqlrow.ScanVehicle)
	if err != nil {
		return nil, fmt.Errorf("postgis: vehicles: %w", err)
	}
	return out, nil
}

// Events returns the events matching f in ID order (see data.EventFilter).
func (s *Store) Events(ctx context.Context, f data.EventFilter) ([]*data.Event, error) {
	q, args := dialect.EventQuery(f)
	out, err := collect(ctx, s, q, args, sqlrow.ScanEvent)
	if err != nil {
		return nil, fmt.Errorf("postgis: events: %w", err)
	}
	return out, nil
}

// WebhookStates returns the stored cursors ordered by URL.
func (s *Store) WebhookStates(ctx context.Context) ([]data.WebhookState, error) {
	out, err := collect(ctx, s, `SELECT `+sqlrow.WebhookColumns+` FROM webhook_states ORDER BY url`, nil, sqlrow.ScanWebhookState)
	if err != nil {
		return nil, fmt.Errorf("postgis: webhook states: %w", err)
	}
	return out, nil
}

// PutWebhookState upserts one cursor. An empty URL wraps geo.ErrInvalid.
func (s *Store) PutWebhookState(ctx context.Context, w data.WebhookState) error {
	up, args, err := dialect.WebhookUpsert(w)
	if err != nil {
		return fmt.Errorf("postgis: put webhook state: %w", err)
	}
	err = s.writeTx(ctx, func(tx pgx.Tx, _ time.Time) error {
		_, err := tx.Exec(ctx, up, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgis: put webhook state %s: %w", w.URL, err)
	}
	return nil
}
