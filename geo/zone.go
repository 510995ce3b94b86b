package geo

import (
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"
)

// ErrInvalid is wrapped by every error that reports unacceptable input:
// a bad id, kind, geometry or validity interval.
var ErrInvalid = errors.New("geo: invalid")

// Status is the life-cycle state of one zone version.
type Status string

// Zone version states. Only published versions are seen by checks, tiles and
// anonymous readers.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusRetired   Status = "retired"
)

// Validity is the half-open interval [From, To) in which a published zone
// version applies. A zero From means "since always", a zero To "until further
// notice".
type Validity struct {
	From time.Time `json:"valid_from"`
	To   time.Time `json:"valid_to"`
}

// Contains reports whether t falls in [From, To).
func (v Validity) Contains(t time.Time) bool {
	if !v.From.IsZero() && t.Before(v.From) {
		return false
	}
	if !v.To.IsZero() && !t.Before(v.To) {
		return false
	}
	return true
}

// Validate checks that To, when set, is after From.
func (v Validity) Validate() error {
	if !v.From.IsZero() && !v.To.IsZero() && !v.To.After(v.From) {
		return fmt.Errorf("%w: valid_to %s must be after valid_from %s", ErrInvalid,
			v.To.Format(time.RFC3339), v.From.Format(time.RFC3339))
	}
	return nil
}

// Zone is one version of a feature in a layer. (Layer, ID) names the feature;
// Version counts its versions from 1. Geometry is in lon/lat and its class
// must match the layer kind (see Kind.GeometryClass).
type Zone struct {
	Layer      string         `json:"layer"`
	ID         string         `json:"id"`
	Version    int64          `json:"version"`
	Kind       Kind           `json:"kind"`
	Name       string         `json:"name"`
	Properties map[string]any `json:"properties,omitempty"`
	Geometry   orb.Geometry   `json:"-"`
	Validity   Validity       `json:"validity"`
	Status     Status         `json:"status"`
	Author     string         `json:"author,omitempty"`
	UpdatedAt  time.Time      `json:"updated_at"`
	Revision   int64          `json:"revision"` // store revision of this version's last change
}

// Key identifies one version of one feature.
type Key struct {
	Layer   string
	ID      string
	Version int64
}

// Key returns the zone's version key.
func (z *Zone) Key() Key { return Key{Layer: z.Layer, ID: z.ID, Version: z.Version} }

// Active reports whether the version is published and valid at t.
func (z *Zone) Active(t time.Time) bool {
	return z.Status == StatusPublished && z.Validity.Contains(t)
}

// Validate checks ids, status, validity and that the geometry is valid and of
// the class the kind requires. The error wraps ErrInvalid; for geometry
// problems it is a *GeometryError naming the ring and vertex.
func (z *Zone) Validate() error { return z.ValidateWith(DefaultValidateOptions()) }

// ValidateWith is Validate with the geometry checked under o (e.g. a
// configured vertex limit).
func (z *Zone) ValidateWith(o ValidateOptions) error {
	if err := ValidateID(z.Layer); err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	if err := ValidateID(z.ID); err != nil {
		return fmt.Errorf("zone: %w", err)
	}
	if _, err := ParseKind(string(z.Kind)); err != nil {
		return fmt.Errorf("zone %s: %w: %v", z.ID, ErrInvalid, err)
	}
	switch z.Status {
	case StatusDraft, StatusPublished, StatusRetired:
	default:
		return fmt.Errorf("zone %s: %w: status %q", z.ID, ErrInvalid, z.Status)
	}
	if err := z.Validity.Validate(); err != nil {
		return fmt.Errorf("zone %s: %w", z.ID, err)
	}
	if err := ValidateGeometryWith(z.Geometry, z.Kind.GeometryClass(), o); err != nil {
		return fmt.Errorf("zone %s: %w", z.ID, err)
	}
	return nil
}

// MultiPolygonOf returns polygonal geometry as a MultiPolygon (a Polygon
// becomes a one-part MultiPolygon sharing its rings) and true; any other
// geometry gives nil and false.
func MultiPolygonOf(g orb.Geometry) (orb.MultiPolygon, bool) {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}, true
	case orb.MultiPolygon:
		return g, true
	}
	return nil, false
}
