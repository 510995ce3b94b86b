package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

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
	args, err := sqlrow.InspectionArgs(recs, inspectionArgs)
	if err != nil {
		return fmt.Errorf("sqlite: log inspections: %w", err)
	}
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("sqlite: log inspections: %w", ctx.Err())
	}
	defer func() { <-s.wsem }()
	if s.insInspection == nil { // the write semaphore guards it
		const ins = `INSERT INTO inspections (` + sqlrow.InspectionColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		if s.insInspection, err = s.w.PrepareContext(ctx, ins); err != nil {
			return fmt.Errorf("sqlite: log inspections: prepare: %w", err)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: log inspections: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	// The statement prepared once on the store's only write connection:
	// the transaction's copy reuses it rather than parsing the INSERT
	// again (the parse was a tenth of the commit's CPU).
	ins := tx.StmtContext(ctx, s.insInspection)
	ids := make([]int64, len(recs))
	for i, a := range args {
		res, err := ins.ExecContext(ctx, a...)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		if err != nil {
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

// inspectionArgs returns the column values of r, checked by
// sqlrow.CheckInspection.
func inspectionArgs(r *data.Inspection) ([]any, error) {
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
		r, err := sqlrow.ScanInspection(rows, inspectionTargets)
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

// inspectionTargets reads position and route as JSON coordinates and
// reasons as a JSON array.
func inspectionTargets(r *data.Inspection) (position, route, reasons any) {
	return sqlrow.JSON(&r.Position), sqlrow.JSON(&r.Route), sqlrow.JSON(&r.Reasons)
}
