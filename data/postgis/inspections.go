package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/internal/sqlrow"
)

// LogInspections appends recs in one transaction and sets their IDs, which
// increase in the order of recs and across calls. It does not change the
// store revision. Position and Route are stored as PostGIS geometries
// (Point, LineString; SRID 4326), Request and Response as jsonb (they must
// be valid JSON when set; key order and spacing are not kept). An invalid
// record wraps geo.ErrInvalid and nothing is written.
func (s *Store) LogInspections(ctx context.Context, recs []*data.Inspection) error {
	if len(recs) == 0 {
		return ctx.Err()
	}
	args, err := sqlrow.InspectionArgs(recs, inspectionArgs)
	if err != nil {
		return fmt.Errorf("postgis: log inspections: %w", err)
	}
	ids := make([]int64, len(recs))
	err = s.retry(ctx, func(ctx context.Context) error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			const ins = `INSERT INTO inspections (` + sqlrow.InspectionColumns + `)
				VALUES ($1, $2, $3, ST_GeomFromEWKB($4), ST_GeomFromEWKB($5), $6, $7, $8, $9::text::jsonb, $10::text::jsonb, $11, $12)
				RETURNING id`
			var b pgx.Batch
			for i, a := range args {
				b.Queue(ins, a...).QueryRow(func(row pgx.Row) error { return row.Scan(&ids[i]) })
			}
			return tx.SendBatch(ctx, &b).Close()
		})
	})
	if err != nil {
		return fmt.Errorf("postgis: log inspections: %w", err)
	}
	for i, r := range recs {
		r.ID = ids[i]
	}
	return nil
}

// inspectionArgs returns the column values of r, checked by
// sqlrow.CheckInspection.
func inspectionArgs(r *data.Inspection) ([]any, error) {
	var pos, route []byte
	var err error
	if r.Position != nil {
		if pos, err = encodeGeometry(*r.Position); err != nil {
			return nil, fmt.Errorf("position: %w", err)
		}
	}
	if r.Route != nil {
		if route, err = encodeGeometry(r.Route); err != nil {
			return nil, fmt.Errorf("route: %w", err)
		}
	}
	reasons := r.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	return []any{r.Time.UTC(), r.Station, r.Plate, pos, route, r.Decision, r.Action, reasons,
		sqlrow.Text(r.Request), sqlrow.Text(r.Response), r.StationKnown, r.County}, nil
}

// Inspections returns log records matching f ordered by time, then ID.
func (s *Store) Inspections(ctx context.Context, f data.InspectionFilter) ([]*data.Inspection, error) {
	w := dialect.Query()
	w.WhereInspections(f)
	q := `SELECT id, time, station, plate, ST_AsEWKB(position), ST_AsEWKB(route), decision, action, reasons,
		request::text, response::text, station_known, county FROM inspections` + w.WhereSQL() + " ORDER BY time, id" + w.Limit(f.Limit)
	args := w.Args()
	var out []*data.Inspection
	err := s.retry(ctx, func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanInspection)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgis: inspections: %w", err)
	}
	return out, nil
}

// scanInspection reads one inspection row: position and route as EWKB,
// reasons as text[] (none read back as nil).
func scanInspection(row pgx.CollectableRow) (*data.Inspection, error) {
	r, err := sqlrow.ScanInspection(row, func(r *data.Inspection) (position, route, reasons any) {
		return ewkbPoint{&r.Position}, ewkbLine{&r.Route}, &r.Reasons
	})
	if err != nil {
		return nil, err
	}
	if len(r.Reasons) == 0 {
		r.Reasons = nil
	}
	return r, nil
}

// ewkbPoint scans a nullable EWKB point column; NULL leaves it nil.
type ewkbPoint struct{ p **orb.Point }

// Scan implements sql.Scanner.
func (t ewkbPoint) Scan(src any) error {
	g, err := scanEWKB(src)
	if g == nil || err != nil {
		return err
	}
	p, ok := g.(orb.Point)
	if !ok {
		return fmt.Errorf("position is a %T", g)
	}
	*t.p = &p
	return nil
}

// ewkbLine scans a nullable EWKB line string column; NULL leaves it nil.
type ewkbLine struct{ l *orb.LineString }

// Scan implements sql.Scanner.
func (t ewkbLine) Scan(src any) error {
	g, err := scanEWKB(src)
	if g == nil || err != nil {
		return err
	}
	l, ok := g.(orb.LineString)
	if !ok {
		return fmt.Errorf("route is a %T", g)
	}
	*t.l = l
	return nil
}

// scanEWKB decodes an EWKB column value; NULL is a nil geometry.
func scanEWKB(src any) (orb.Geometry, error) {
	switch b := src.(type) {
	case nil:
		return nil, nil
	case []byte:
		return decodeGeometry(b)
	default:
		return nil, fmt.Errorf("geometry: unsupported type %T", src)
	}
}
