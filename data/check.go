package data

import (
	"fmt"
	"time"

	"github.com/zonegate/zonegate/geo"
)

// CheckZone checks what every Store requires of a zone it appends: ids,
// a non-negative version, a known kind, a status, a validity interval with
// years 1–9999, and a geometry of the class the kind takes. Failures wrap
// geo.ErrInvalid. Full geometric validity (geo.ValidateGeometry) is the
// caller's job; backends also check what their encoding needs.
func CheckZone(z *geo.Zone) error {
	if z == nil {
		return fmt.Errorf("%w: nil zone", geo.ErrInvalid)
	}
	if err := geo.ValidateID(z.Layer); err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	if err := geo.ValidateID(z.ID); err != nil {
		return fmt.Errorf("zone: %w", err)
	}
	if z.Version < 0 {
		return fmt.Errorf("zone %s: %w: version %d", z.ID, geo.ErrInvalid, z.Version)
	}
	if _, err := geo.ParseKind(string(z.Kind)); err != nil {
		return fmt.Errorf("zone %s: %w: %v", z.ID, geo.ErrInvalid, err)
	}
	if err := checkStatusValidity(z); err != nil {
		return err
	}
	if !z.Kind.GeometryClass().Allows(z.Geometry) {
		return fmt.Errorf("zone %s: %w: kind %s does not take geometry %T", z.ID, geo.ErrInvalid, z.Kind, z.Geometry)
	}
	return nil
}

// CheckUpdate checks the fields a Batch.Update writes: status and validity.
func CheckUpdate(z *geo.Zone) error {
	if z == nil {
		return fmt.Errorf("%w: nil zone", geo.ErrInvalid)
	}
	return checkStatusValidity(z)
}

func checkStatusValidity(z *geo.Zone) error {
	switch z.Status {
	case geo.StatusDraft, geo.StatusPublished, geo.StatusRetired:
	default:
		return fmt.Errorf("zone %s: %w: status %q", z.ID, geo.ErrInvalid, z.Status)
	}
	if err := z.Validity.Validate(); err != nil {
		return fmt.Errorf("zone %s: %w", z.ID, err)
	}
	for _, b := range [2]struct {
		what string
		t    time.Time
	}{{"valid_from", z.Validity.From}, {"valid_to", z.Validity.To}} {
		if y := b.t.UTC().Year(); !b.t.IsZero() && (y < 1 || y > 9999) {
			return fmt.Errorf("zone %s: %w: %s: year %d outside 1-9999", z.ID, geo.ErrInvalid, b.what, y)
		}
	}
	return nil
}
