package sqlrow

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Scanner is one result row: *sql.Row, *sql.Rows, pgx.Row or pgx.Rows.
type Scanner interface{ Scan(dest ...any) error }

// LayerColumns are the layer columns ScanLayer reads, in order.
const LayerColumns = `id, kind, title, description, revision, updated_at`

// ScanLayer reads one row selected with LayerColumns.
func ScanLayer(r Scanner) (geo.Layer, error) {
	var l geo.Layer
	var kind string
	if err := r.Scan(&l.ID, &kind, &l.Title, &l.Description, &l.Revision, Time(&l.UpdatedAt)); err != nil {
		return geo.Layer{}, err
	}
	l.Kind = geo.Kind(kind)
	return l, nil
}

// TokenColumns are the token columns ScanToken reads, in order.
const TokenColumns = `id, name, role, hash, created_by, created_at, revoked_at`

// ScanToken reads one row selected with TokenColumns; a NULL revoked_at is
// the zero time (active).
func ScanToken(r Scanner) (*data.Token, error) {
	var t data.Token
	var role string
	if err := r.Scan(&t.ID, &t.Name, &role, &t.Hash, &t.CreatedBy, Time(&t.CreatedAt), Time(&t.RevokedAt)); err != nil {
		return nil, err
	}
	t.Role = data.Role(role)
	return &t, nil
}

// DEMColumns are the DEM columns ScanDEMInfo reads, in order (not the
// samples).
const DEMColumns = `name, width, height, x0, y0, dx, dy, epsg, sources, voids, bytes, created_at, created_by`

// ScanDEMInfo reads one row selected with DEMColumns and then the extra
// columns. sources is the scan target of the sources column, whose type
// differs between the stores (see JSON); no sources read back as an empty
// list.
func ScanDEMInfo(r Scanner, sources func(*[]string) any, extra ...any) (*data.DEMInfo, error) {
	var d data.DEMInfo
	dest := append([]any{&d.Name, &d.Width, &d.Height, &d.X0, &d.Y0, &d.DX, &d.DY, &d.EPSG, sources(&d.Sources), &d.Voids,
		&d.Bytes, Time(&d.CreatedAt), &d.CreatedBy}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	if d.Sources == nil {
		d.Sources = []string{}
	}
	return &d, nil
}

// AuditColumns are the audit_log columns ScanAudit reads, in order.
const AuditColumns = `seq, time, actor, action, layer, zone_id, version, before, after, prev_hash, hash`

// ScanAudit reads one row selected with AuditColumns. Before and After are
// read byte for byte, NULL as nil.
func ScanAudit(r Scanner) (*data.AuditEntry, error) {
	var e data.AuditEntry
	var before, after *string
	if err := r.Scan(&e.Seq, Time(&e.Time), &e.Actor, &e.Action, &e.Layer, &e.ZoneID, &e.Version,
		&before, &after, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.Before, e.After = StoredText(before), StoredText(after)
	return &e, nil
}

// JSON returns a scan target that decodes a JSON text column into v;
// NULL leaves v as it is.
func JSON(v any) sql.Scanner { return jsonDest{v} }

type jsonDest struct{ v any }

// Scan implements sql.Scanner.
func (d jsonDest) Scan(src any) error {
	var b []byte
	switch s := src.(type) {
	case nil:
		return nil
	case string:
		b = []byte(s)
	case []byte:
		b = s
	default:
		return fmt.Errorf("stored JSON: unsupported type %T", src)
	}
	if err := json.Unmarshal(b, d.v); err != nil {
		return fmt.Errorf("stored JSON: %w", err)
	}
	return nil
}

// Strings returns a scan target for a JSON array of strings in a text
// column, in the form ScanDEMInfo takes.
func Strings(v *[]string) any { return JSON(v) }

// Text returns b as a text column value, byte for byte; nil is NULL.
func Text(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

// StoredText reads a text column written by Text.
func StoredText(s *string) []byte {
	if s == nil {
		return nil
	}
	return []byte(*s)
}

// SetSealed copies the stored form of each audit entry back to the
// caller's: sealed[i] is what the store wrote for entries[i].
func SetSealed(entries []*data.AuditEntry, sealed []data.AuditEntry) {
	for i, e := range entries {
		*e = sealed[i]
	}
}

// ScanVehicle reads one row of plate, time, lon, lat, zones (a JSON array
// as text), off_route, cargo.
func ScanVehicle(r Scanner) (*data.Vehicle, error) {
	var v data.Vehicle
	if err := r.Scan(&v.Plate, Time(&v.Time), &v.Position[0], &v.Position[1], JSON(&v.Zones), &v.OffRoute, &v.Cargo); err != nil {
		return nil, err
	}
	return &v, nil
}

// WebhookColumns are the webhook_states columns ScanWebhookState reads and
// WebhookUpsert writes, in order.
const WebhookColumns = `url, delivered, attempts, last_attempt, last_status, last_error`

// ScanWebhookState reads one row selected with WebhookColumns; a NULL
// last_attempt is the zero time.
func ScanWebhookState(r Scanner) (data.WebhookState, error) {
	var w data.WebhookState
	err := r.Scan(&w.URL, &w.Delivered, &w.Attempts, Time(&w.LastAttempt), &w.LastStatus, &w.LastError)
	return w, err
}
