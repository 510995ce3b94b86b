package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/zonegate/zonegate/geo"
)

// ZoneSummary is what the audit log keeps of a zone version in an entry's
// Before and After: everything but the geometry, which is represented by
// its hash. Times are RFC 3339 in UTC; an open validity bound is omitted.
type ZoneSummary struct {
	Name           string         `json:"name"`
	Properties     map[string]any `json:"properties,omitempty"`
	GeometrySHA256 string         `json:"geometry_sha256"`
	ValidFrom      string         `json:"valid_from,omitempty"`
	ValidTo        string         `json:"valid_to,omitempty"`
	Status         geo.Status     `json:"status"`
}

// GeometrySHA256 returns the lower-case hex SHA-256 of g's little-endian
// WKB encoding (as orb/encoding/wkb writes it), or "" for a nil geometry.
// Two geometries with bit-identical coordinates and equal types hash the
// same.
func GeometrySHA256(g orb.Geometry) (string, error) {
	if g == nil {
		return "", nil
	}
	b, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return "", fmt.Errorf("geometry hash: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// SummarizeZone returns z's ZoneSummary as canonical JSON (see
// CanonicalJSON), or nil for a nil zone.
func SummarizeZone(z *geo.Zone) (json.RawMessage, error) {
	if z == nil {
		return nil, nil
	}
	gh, err := GeometrySHA256(z.Geometry)
	if err != nil {
		return nil, fmt.Errorf("zone %s/%s: %w", z.Layer, z.ID, err)
	}
	s := ZoneSummary{Name: z.Name, Properties: z.Properties, GeometrySHA256: gh, Status: z.Status,
		ValidFrom: summaryTime(z.Validity.From), ValidTo: summaryTime(z.Validity.To)}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("zone %s/%s: %w: summary: %v", z.Layer, z.ID, geo.ErrInvalid, err)
	}
	return CanonicalJSON(b)
}

func summaryTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ZoneAudit returns an audit entry for a change of one zone version:
// before is the version as it was (nil for a new one), after as it is to be
// stored (nil when nothing remains, which no current action needs). Layer,
// ZoneID and Version come from after, else before; a Version of 0 is filled
// in by Commit when the zone is appended in the same batch.
func ZoneAudit(actor, action string, before, after *geo.Zone) (*AuditEntry, error) {
	ref := after
	if ref == nil {
		ref = before
	}
	if ref == nil {
		return nil, fmt.Errorf("%w: audit entry names no zone", geo.ErrInvalid)
	}
	e := &AuditEntry{Actor: actor, Action: action, Layer: ref.Layer, ZoneID: ref.ID, Version: ref.Version}
	var err error
	if e.Before, err = SummarizeZone(before); err != nil {
		return nil, err
	}
	if e.After, err = SummarizeZone(after); err != nil {
		return nil, err
	}
	return e, nil
}
