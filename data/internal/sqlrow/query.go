package sqlrow

import (
	"fmt"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data"
)

// Dialect is what a store's SQL differs in where the queries are otherwise
// the same.
type Dialect struct {
	// Placeholder writes the n-th (from 1) query argument: "?" or "$n".
	Placeholder func(n int) string
	// Time is the argument value that compares with a stored time column.
	Time func(time.Time) any
}

// Query collects the arguments of one query and the conditions of its
// WHERE clause, numbering the placeholders in the order they are added, so
// arguments must be added in the order they appear in the SQL text.
type Query struct {
	d     Dialect
	conds []string
	args  []any
}

// Query starts an empty query in d.
func (d Dialect) Query() *Query { return &Query{d: d} }

// Arg adds the argument v and returns its placeholder.
func (q *Query) Arg(v any) string {
	q.args = append(q.args, v)
	return q.d.Placeholder(len(q.args))
}

// Where adds the condition cond, whose one %s is the placeholder of v.
func (q *Query) Where(cond string, v any) {
	q.conds = append(q.conds, fmt.Sprintf(cond, q.Arg(v)))
}

// WhereTime adds the condition cond on a time column, in the dialect's
// form of t.
func (q *Query) WhereTime(cond string, t time.Time) { q.Where(cond, q.d.Time(t)) }

// WhereTimeRange adds the conditions time >= from and time < to, each
// only when it is not zero.
func (q *Query) WhereTimeRange(from, to time.Time) {
	if !from.IsZero() {
		q.WhereTime("time >= %s", from)
	}
	if !to.IsZero() {
		q.WhereTime("time < %s", to)
	}
}

// WhereSQL is " WHERE " and the conditions joined by AND, or "" for none.
func (q *Query) WhereSQL() string {
	if len(q.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.conds, " AND ")
}

// Limit is " LIMIT " and the placeholder of n, or "" when n <= 0.
func (q *Query) Limit(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + q.Arg(n)
}

// Args are the arguments added so far, in order.
func (q *Query) Args() []any { return q.args }

// WhereInspections adds the conditions of f's Station, Decision, From and
// To (not Limit).
func (q *Query) WhereInspections(f data.InspectionFilter) {
	if f.Station != "" {
		q.Where("station = %s", f.Station)
	}
	if f.Decision != "" {
		q.Where("decision = %s", f.Decision)
	}
	q.WhereTimeRange(f.From, f.To)
}

// AuditQuery returns the SQL and arguments selecting AuditColumns of the
// entries matching f, in Seq order.
func (d Dialect) AuditQuery(f data.AuditFilter) (string, []any) {
	q := d.Query()
	q.Where("seq > %s", f.AfterSeq)
	if f.Layer != "" {
		q.Where("layer = %s", f.Layer)
	}
	q.WhereTimeRange(f.From, f.To)
	sql := `SELECT ` + AuditColumns + ` FROM audit_log` + q.WhereSQL() + ` ORDER BY seq`
	sql += q.Limit(f.Limit)
	return sql, q.Args()
}

// EventQuery returns the SQL and arguments selecting EventColumns of the
// events matching f, in ID order (the newest Limit ones when f.Newest).
func (d Dialect) EventQuery(f data.EventFilter) (string, []any) {
	q := d.Query()
	q.Where("id > %s", f.AfterID)
	if f.Plate != "" {
		q.Where("plate = %s", f.Plate)
	}
	if f.Type != "" {
		q.Where("type = %s", f.Type)
	}
	q.WhereTimeRange(f.From, f.To)
	newest := f.Newest && f.Limit > 0
	order := ` ORDER BY id`
	if newest {
		order = ` ORDER BY id DESC`
	}
	sql := `SELECT ` + EventColumns + ` FROM events` + q.WhereSQL() + order + q.Limit(f.Limit)
	if newest {
		sql = `SELECT * FROM (` + sql + `) AS newest ORDER BY id`
	}
	return sql, q.Args()
}

// EventColumns are the event columns ScanEvent reads, in order.
const EventColumns = `id, key, plate, time, type, layer, zone, zone_name, lon, lat, cargo, created`

// ScanEvent reads one row selected with EventColumns.
func ScanEvent(r Scanner) (*data.Event, error) {
	var e data.Event
	if err := r.Scan(&e.ID, &e.Key, &e.Plate, Time(&e.Time), &e.Type, &e.Layer, &e.Zone, &e.ZoneName,
		&e.Position[0], &e.Position[1], &e.Cargo, Time(&e.Created)); err != nil {
		return nil, err
	}
	return &e, nil
}

// NullTime is the argument value of an optional time column: NULL for the
// zero time, else Time(t).
func (d Dialect) NullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.Time(t)
}
