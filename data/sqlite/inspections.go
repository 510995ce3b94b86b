package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// LogInspections appends recs in one transaction and sets their IDs, which
// increase in the order of recs and across calls. It does not change the
// store revision. Position and Route are stored as JSON coordinates,
// Request and Response byte for byte (they must be valid JSON when set); an
// invalid record wraps geo.ErrInvalid and nothing is written.
func (s *Store) LogInspections(ctx context.Context, recs []*data.Inspection) error {
	if len(recs) == 0 {
		return ctx.Err()
	}
	args := make([][]any, len(recs))
	for i, r := range recs {
		a, err := inspectionArgs(r)
		if err != nil {
			return fmt.Errorf("sqlite: log inspections: record %d: %w", i, err)
		}
		args[i] = a
	}
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("sqlite: log inspections: %w", ctx.Err())
	}
	defer func() { <-s.wsem }()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: log inspections: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	const ins = `INSERT INTO inspections (` + sqlrow.InspectionColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	ids := make([]int64, len(recs))
	for i, a := range args {
		if err := tx.QueryRowContext(ctx, ins, a...).Scan(&ids[i]); err != nil {
			return fmt.Errorf("sqlite: log inspections: insert: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: log inspections: commit: %w", err)
	}
	for i, r := range recs {
		r.ID = ids[i]
	}
	return nil
}

// inspectionArgs checks r and returns its column values after time.
func inspectionArgs(r *data.Inspection) ([]any, error) {
	if err := sqlrow.CheckInspection(r); err != nil {
		return nil, err
	}
	var pos, route any
	if r.Position != nil {
		b, err := json.Marshal(r.Position)
		if err != nil {
			return nil, fmt.Errorf("%w: position: %v", geo.ErrInvalid, err)
		}
		pos = string(b)
	}
	if r.Route != nil {
		b, err := json.Marshal(r.Route)
		if err != nil {
			return nil, fmt.Errorf("%w: route: %v", geo.ErrInvalid, err)
		}
		route = string(b)
	}
	reasons, err := json.Marshal(r.Reasons)
	if err != nil {
		return nil, fmt.Errorf("%w: reasons: %v", geo.ErrInvalid, err)
	}
	return []any{sqlrow.FormatText(r.Time), r.Station, r.Plate, pos, route, r.Decision, r.Action, string(reasons),
		sqlrow.Text(r.Request), sqlrow.Text(r.Response), r.StationKnown, r.County}, nil
}

// Inspections returns the records matching f ordered by Time, then ID.
func (s *Store) Inspections(ctx context.Context, f data.InspectionFilter) ([]*data.Inspection, error) {
	w := dialect.Query()
	w.WhereInspections(f)
	q := `SELECT id, ` + sqlrow.InspectionColumns + ` FROM inspections` + w.WhereSQL() + " ORDER BY time, id" + w.Limit(f.Limit)
	rows, err := s.r.QueryContext(ctx, q, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: inspections: %w", err)
	}
	defer rows.Close()
	out := []*data.Inspection{}
	for rows.Next() {
		r, err := scanInspection(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: inspections: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: inspections: %w", err)
	}
	return out, nil
}

func scanInspection(rows *sql.Rows) (*data.Inspection, error) {
	var r data.Inspection
	var t, reasons string
	var pos, route, req, resp sql.NullString
	if err := rows.Scan(&r.ID, &t, &r.Station, &r.Plate, &pos, &route, &r.Decision, &r.Action,
		&reasons, &req, &resp, &r.StationKnown, &r.County); err != nil {
		return nil, err
	}
	var err error
	if r.Time, err = sqlrow.ParseText(t); err != nil {
		return nil, err
	}
	if pos.Valid {
		r.Position = new(orb.Point)
		if err := json.Unmarshal([]byte(pos.String), r.Position); err != nil {
			return nil, fmt.Errorf("inspection %d: position: %w", r.ID, err)
		}
	}
	if route.Valid {
		if err := json.Unmarshal([]byte(route.String), &r.Route); err != nil {
			return nil, fmt.Errorf("inspection %d: route: %w", r.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return nil, fmt.Errorf("inspection %d: reasons: %w", r.ID, err)
	}
	if req.Valid {
		r.Request = json.RawMessage(req.String)
	}
	if resp.Valid {
		r.Response = json.RawMessage(resp.String)
	}
	return &r, nil
}
