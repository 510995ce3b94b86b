package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
	"github.com/zonegate/zonegate/geo"
)

// LogInspections appends recs atomically and sets their IDs, which
// increase in the order of recs and across calls. It does not change the
// store revision. Position and Route are stored as JSON coordinates,
// Request and Response byte for byte (they must be valid JSON when set); an
// invalid record wraps geo.ErrInvalid and nothing is written.
//
// When this Store owns the check journal (journal.go) the records are
// appended to it in one frame and fdatasynced: they are durable, and
// visible to this Store's reads, when LogInspections returns, and moved
// into the table later. Otherwise they are written to the table as follows.
//
// Up to maxInsertRows records are one INSERT of that many rows, run on its
// own: SQLite commits a statement outside BEGIN as its own transaction,
// with the same WAL sync (synchronous=FULL) as a COMMIT, so it is as
// durable, and it saves parsing BEGIN IMMEDIATE and COMMIT and stepping
// them (with modernc's driver, a third of the CPU of a one-record
// commit). More records are such INSERTs inside BEGIN IMMEDIATE … COMMIT.
func (s *Store) LogInspections(ctx context.Context, recs []*data.Inspection) error {
	if len(recs) == 0 {
		return ctx.Err()
	}
	args, err := sqlrow.InspectionArgs(recs, inspectionArgs)
	if err != nil {
		return fmt.Errorf("sqlite: log inspections: %w", err)
	}
	if j := s.journal; j != nil {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sqlite: log inspections: %w", err)
		}
		if err := s.journalInspections(ctx, j, recs, args); err != nil {
			return fmt.Errorf("sqlite: log inspections: %w", err)
		}
		return nil
	}
	select {
	case s.wsem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("sqlite: log inspections: %w", ctx.Err())
	}
	defer func() { <-s.wsem }()
	ids := make([]int64, len(recs))
	if len(recs) <= maxInsertRows {
		st, err := s.insertStmt(ctx, len(recs))
		if err == nil {
			err = insertInspections(ctx, st, args, ids)
		}
		if err != nil {
			return fmt.Errorf("sqlite: log inspections: %w", err)
		}
	} else {
		// Prepare first: the transaction holds the only write connection.
		full, err := s.insertStmt(ctx, maxInsertRows)
		if err != nil {
			return fmt.Errorf("sqlite: log inspections: %w", err)
		}
		rest := full
		if r := len(recs) % maxInsertRows; r > 0 {
			if rest, err = s.insertStmt(ctx, r); err != nil {
				return fmt.Errorf("sqlite: log inspections: %w", err)
			}
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("sqlite: log inspections: begin: %w", err)
		}
		defer tx.Rollback() //nolint:errcheck // a no-op after Commit
		for lo := 0; lo < len(args); lo += maxInsertRows {
			hi := min(lo+maxInsertRows, len(args))
			st := full
			if hi-lo < maxInsertRows {
				st = rest
			}
			// The transaction's copy reuses the statement prepared on the
			// store's only write connection.
			if err := insertInspections(ctx, tx.StmtContext(ctx, st), args[lo:hi], ids[lo:hi]); err != nil {
				return fmt.Errorf("sqlite: log inspections: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqlite: log inspections: commit: %w", err)
		}
	}
	for i, r := range recs {
		r.ID = ids[i]
	}
	return nil
}

// maxInsertRows is the most rows one INSERT of the inspection log writes
// (12 parameters a row, far below SQLite's 32,766).
const maxInsertRows = 64

// insertStmt returns the INSERT of n rows (1 to maxInsertRows), prepared
// on the write connection when first needed and kept. The caller holds
// the write semaphore, which guards the cache, and no transaction.
func (s *Store) insertStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st := s.insInspections[n-1]; st != nil {
		return st, nil
	}
	q := make([]byte, 0, 100+40*n)
	q = append(q, `INSERT INTO inspections (`+sqlrow.InspectionColumns+`) VALUES `...)
	for i := range n {
		if i > 0 {
			q = append(q, ',')
		}
		q = append(q, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`...)
	}
	st, err := s.w.PrepareContext(ctx, string(q))
	if err != nil {
		return nil, fmt.Errorf("prepare insert of %d rows: %w", n, err)
	}
	s.insInspections[n-1] = st
	return st, nil
}

// insertInspections runs st, the INSERT of len(args) rows, and sets ids.
func insertInspections(ctx context.Context, st *sql.Stmt, args [][]any, ids []int64) error {
	flat := make([]any, 0, len(args)*len(args[0]))
	for _, a := range args {
		flat = append(flat, a...)
	}
	res, err := st.ExecContext(ctx, flat...)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	last, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert: id: %w", err)
	}
	// AUTOINCREMENT gives the statement's rows the ids after the largest
	// ever used, in order, and nothing else writes to the table while the
	// write semaphore is held: they are last-n+1 … last.
	n := int64(len(ids))
	for i := range ids {
		ids[i] = last - (n - 1 - int64(i))
	}
	return nil
}

// inspectionArgs returns the column values of r, checked by
// sqlrow.CheckInspection.
func inspectionArgs(r *data.Inspection) ([]any, error) {
	var pos, route any
	if r.Position != nil {
		var room [64]byte
		b, ok := appendPointJSON(room[:0], *r.Position)
		if !ok {
			return nil, fmt.Errorf("%w: position: %v is not a finite point", geo.ErrInvalid, *r.Position)
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
	reasons, err := reasonsJSON(r.Reasons)
	if err != nil {
		return nil, fmt.Errorf("%w: reasons: %v", geo.ErrInvalid, err)
	}
	return []any{sqlrow.FormatText(r.Time), r.Station, r.Plate, pos, route, r.Decision, r.Action, reasons,
		textArg(r.Request), textArg(r.Response), r.StationKnown, r.County}, nil
}

// textArg is b as a text argument, nil (NULL) for nil: a string, which
// database/sql passes to the driver as it is (a *string, as sqlrow.Text
// gives, it converts by reflection, two allocations a column in a move).
func textArg(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// Inspections returns the records matching f ordered by Time, then ID.
func (s *Store) Inspections(ctx context.Context, f data.InspectionFilter) ([]*data.Inspection, error) {
	if err := s.drainJournal(ctx); err != nil {
		return nil, fmt.Errorf("sqlite: inspections: %w", err)
	}
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
