package sqlrow

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// ZoneRow is the encoded form of a zone's immutable columns: the geometry
// in the store's codec G and the properties as JSON text (nil for none).
type ZoneRow[G any] struct {
	Geom  G
	Props *string
}

// EncodeZone checks z (data.CheckZone) and encodes its geometry with
// encode and its properties as JSON. Properties JSON cannot encode wrap
// geo.ErrInvalid.
func EncodeZone[G any](z *geo.Zone, encode func(orb.Geometry) (G, error)) (ZoneRow[G], error) {
	if err := data.CheckZone(z); err != nil {
		return ZoneRow[G]{}, err
	}
	var r ZoneRow[G]
	var err error
	if r.Geom, err = encode(z.Geometry); err != nil {
		return ZoneRow[G]{}, fmt.Errorf("zone %s: geometry: %w", z.ID, err)
	}
	if z.Properties != nil {
		b, err := json.Marshal(z.Properties)
		if err != nil {
			return ZoneRow[G]{}, fmt.Errorf("zone %s: %w: properties: %v", z.ID, geo.ErrInvalid, err)
		}
		p := string(b)
		r.Props = &p
	}
	return r, nil
}

// PreparedBatch is a data.Batch checked and encoded before its transaction.
type PreparedBatch[G any] struct {
	Audit []data.AuditEntry // data.PrepareAudit of the batch's entries
	Rows  []ZoneRow[G]      // Rows[i] encodes Append[i]
}

// PrepareBatch checks and encodes every part of b that can be checked
// outside the transaction: audit entries, appended zones (EncodeZone) and
// updates (data.CheckUpdate).
func PrepareBatch[G any](b data.Batch, encode func(orb.Geometry) (G, error)) (PreparedBatch[G], error) {
	var p PreparedBatch[G]
	var err error
	if p.Audit, err = data.PrepareAudit(b.Audit); err != nil {
		return PreparedBatch[G]{}, err
	}
	p.Rows = make([]ZoneRow[G], len(b.Append))
	for i, z := range b.Append {
		if p.Rows[i], err = EncodeZone(z, encode); err != nil {
			return PreparedBatch[G]{}, fmt.Errorf("append %d: %w", i, err)
		}
	}
	for i, z := range b.Update {
		if err := data.CheckUpdate(z); err != nil {
			return PreparedBatch[G]{}, fmt.Errorf("update %d: %w", i, err)
		}
	}
	return p, nil
}

// Committed writes what a committed batch got back into b: the sealed audit
// entries, the appended zones' versions, and the revision and time of
// every appended and updated zone.
func Committed(b data.Batch, sealed []data.AuditEntry, versions []int64, rev int64, at time.Time) {
	SetSealed(b.Audit, sealed)
	for i, z := range b.Append {
		z.Version, z.Revision, z.UpdatedAt = versions[i], rev, at
	}
	for _, z := range b.Update {
		z.Revision, z.UpdatedAt = rev, at
	}
}

// ZoneColumns are the zone columns a store selects for ScanZone, in order;
// a store may wrap properties and geometry in conversions.
const ZoneColumns = `layer, zone_id, version, kind, name, properties, geometry,
	valid_from, valid_to, status, author, updated_at, revision`

// ScanZone reads one row in the order of ZoneColumns into a zone. props
// and geom are the scan targets of the properties (JSON text) and geometry
// columns; once scanned, their bytes are read through Bytes and the
// geometry decoded with decode. A store can so scan straight from the
// driver's buffers (sql.RawBytes) where its driver allows.
func ScanZone[B Bytes](r Scanner, props, geom *B, decode func([]byte) (orb.Geometry, error)) (*geo.Zone, error) {
	var z geo.Zone
	var kind, status string
	if err := r.Scan(&z.Layer, &z.ID, &z.Version, &kind, &z.Name, props, geom,
		Time(&z.Validity.From), Time(&z.Validity.To), &status, &z.Author, Time(&z.UpdatedAt), &z.Revision); err != nil {
		return nil, err
	}
	z.Kind, z.Status = geo.Kind(kind), geo.Status(status)
	var err error
	if z.Geometry, err = decode([]byte(*geom)); err != nil {
		return nil, fmt.Errorf("%s/%s v%d: %w", z.Layer, z.ID, z.Version, err)
	}
	if *props != nil {
		if err := json.Unmarshal([]byte(*props), &z.Properties); err != nil {
			return nil, fmt.Errorf("%s/%s v%d: properties: %w", z.Layer, z.ID, z.Version, err)
		}
	}
	return &z, nil
}

// Bytes is a scan target type holding a column's bytes, nil for NULL:
// []byte, or a driver's named byte slice such as sql.RawBytes.
type Bytes interface{ ~[]byte }

// Stop carries an error returned by a caller's callback out of a scan, so
// it can be told from the store's own errors and returned unwrapped.
type Stop struct{ Err error }

// Error implements error.
func (e Stop) Error() string { return e.Err.Error() }
