package sqlrow

import (
	"fmt"
	"strings"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// WebhookUpsert returns the statement that inserts or replaces one webhook
// cursor and its arguments. It checks w first: an empty URL or a
// LastAttempt outside CheckTime wraps geo.ErrInvalid.
func (d Dialect) WebhookUpsert(w data.WebhookState) (string, []any, error) {
	if w.URL == "" {
		return "", nil, fmt.Errorf("%w: empty URL", geo.ErrInvalid)
	}
	if err := CheckTime("last_attempt", w.LastAttempt); err != nil {
		return "", nil, err
	}
	q := d.Query()
	values := strings.Join([]string{q.Arg(w.URL), q.Arg(w.Delivered), q.Arg(w.Attempts), q.Arg(d.NullTime(w.LastAttempt)),
		q.Arg(w.LastStatus), q.Arg(w.LastError)}, ", ")
	sql := `INSERT INTO webhook_states (` + WebhookColumns + `)
			VALUES (` + values + `) ON CONFLICT (url) DO UPDATE SET delivered = excluded.delivered,
			attempts = excluded.attempts, last_attempt = excluded.last_attempt, last_status = excluded.last_status,
			last_error = excluded.last_error`
	return sql, q.Args(), nil
}

// DEMUpsert returns the statement that inserts or replaces the DEM info with
// its samples blob, and its arguments. sources is info.Sources in the store's
// column type.
func (d Dialect) DEMUpsert(info data.DEMInfo, sources any, blob []byte) (string, []any) {
	q := d.Query()
	values := strings.Join([]string{q.Arg(info.Name), q.Arg(info.Width), q.Arg(info.Height), q.Arg(info.X0), q.Arg(info.Y0),
		q.Arg(info.DX), q.Arg(info.DY), q.Arg(info.EPSG), q.Arg(sources), q.Arg(info.Voids), q.Arg(info.Bytes),
		q.Arg(d.Time(info.CreatedAt)), q.Arg(info.CreatedBy), q.Arg(blob)}, ", ")
	sql := `INSERT INTO dems (` + DEMColumns + `, blob)
			VALUES (` + values + `)
			ON CONFLICT (name) DO UPDATE SET width = excluded.width, height = excluded.height, x0 = excluded.x0,
			y0 = excluded.y0, dx = excluded.dx, dy = excluded.dy, epsg = excluded.epsg, sources = excluded.sources,
			voids = excluded.voids, bytes = excluded.bytes, created_at = excluded.created_at,
			created_by = excluded.created_by, blob = excluded.blob`
	return sql, q.Args()
}
