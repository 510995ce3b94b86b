// Package ingest turns GeoJSON features into validated zones for a layer.
// It reads bytes and performs no other I/O; the CLI import and, later, the
// feature API use it so that both accept exactly the same input.
package ingest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// FeatureError reports why one feature of a collection was rejected.
type FeatureError struct {
	Index int    // position in the collection, from 0
	ID    string // the feature's id, if it had one
	Err   error  // wraps geo.ErrInvalid
}

func (e *FeatureError) Error() string {
	if e.ID != "" {
		return fmt.Sprintf("feature %d (id %s): %v", e.Index, e.ID, e.Err)
	}
	return fmt.Sprintf("feature %d: %v", e.Index, e.Err)
}

func (e *FeatureError) Unwrap() error { return e.Err }

// Options tunes Collection. Loc interprets date-only validity values
// (nil: UTC+8). IDProperty names the property that holds feature ids
// (default: the Feature "id" member, then an "id" property). Progress, if
// set, is called after each feature with the number done and the total.
type Options struct {
	Loc        *time.Location
	IDProperty string
	// MaxVertices caps each feature's vertex count (0: geo's default,
	// negative: no cap).
	MaxVertices int
	// MaxParts caps the polygons of a MultiPolygon feature (0: geo's
	// default, negative: no cap). Both caps apply before any other check.
	MaxParts int
	Progress func(done, total int)
	// CRS is the coordinate system of the features (see ResolveCRS); the
	// zero value means none is known: longitude/latitude is assumed and
	// coordinates out of its range are refused with a hint.
	CRS crs.System
	// Repair, if set, runs on each zone (the index-th feature) after its
	// geometry is normalised and before it is validated; it may replace
	// z.Geometry. An error rejects the feature. geo/repair.Hook builds one
	// (import --make-valid).
	Repair func(index int, z *geo.Zone) error
}

// Collection parses a GeoJSON FeatureCollection into zones of layer l. Each
// feature's id comes from the Feature "id" member or its "id" property,
// else it is "<layer>-<n>" with n counted from 1. The properties "name",
// "valid_from" and "valid_to" fill the zone's name and validity; the others
// are kept as properties. Geometry is normalised (duplicate vertices
// dropped, RFC 7946 winding) and validated for the layer's kind.
//
// A parse failure of the whole document is returned as err. Otherwise every
// rejected feature is listed in bad and the good ones are returned in zones:
// callers wanting all-or-nothing check len(bad) == 0.
func Collection(data []byte, l geo.Layer, o Options) (zones []*geo.Zone, bad []*FeatureError, err error) {
	if o.Loc == nil {
		o.Loc = time.FixedZone("CST", 8*3600)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: not a GeoJSON FeatureCollection: %v", geo.ErrInvalid, err)
	}
	return Features(fc.Features, l, o)
}

// Features is Collection for features already read (data/sourcefile reads
// them from Shapefiles, GeoPackages, KML and CSV). Their coordinates are
// converted from o.CRS to WGS84 first; coordinates that cannot be in that
// system (or, with no system known, look projected) fail the whole set
// with err, naming the likely --crs.
func Features(features []*geojson.Feature, l geo.Layer, o Options) (zones []*geo.Zone, bad []*FeatureError, err error) {
	if o.Loc == nil {
		o.Loc = time.FixedZone("CST", 8*3600)
	}
	features, err = toWGS84(features, o.CRS)
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]int, len(features))
	for i, f := range features {
		z, err := feature(f, l, i, o)
		if err == nil {
			if j, dup := seen[z.ID]; dup {
				err = fmt.Errorf("%w: id %q already used by feature %d", geo.ErrInvalid, z.ID, j)
			} else {
				seen[z.ID] = i
			}
		}
		if err != nil {
			bad = append(bad, &FeatureError{Index: i, ID: featureID(f), Err: err})
		} else {
			zones = append(zones, z)
		}
		if o.Progress != nil {
			o.Progress(i+1, len(features))
		}
	}
	return zones, bad, nil
}

// Feature converts one GeoJSON feature, the i-th of its collection, into a
// draft zone of layer l, with Collection's rules.
func Feature(f *geojson.Feature, l geo.Layer, i int, o Options) (*geo.Zone, error) {
	if o.Loc == nil {
		o.Loc = time.FixedZone("CST", 8*3600)
	}
	return feature(f, l, i, o)
}

func feature(f *geojson.Feature, l geo.Layer, i int, o Options) (*geo.Zone, error) {
	loc := o.Loc
	if f == nil || f.Geometry == nil {
		return nil, fmt.Errorf("%w: feature has no geometry", geo.ErrInvalid)
	}
	z := &geo.Zone{
		Layer: l.ID, Kind: l.Kind, Status: geo.StatusDraft,
		ID:         featureID(f),
		Geometry:   geo.NormalizeGeometry(f.Geometry),
		Properties: map[string]any{},
	}
	if o.IDProperty != "" {
		v, ok := f.Properties[o.IDProperty]
		if !ok || v == nil {
			return nil, &FieldError{Field: o.IDProperty, Err: fmt.Errorf("%w: feature has no property %q to take its id from", geo.ErrInvalid, o.IDProperty)}
		}
		z.ID = idText(v)
	}
	if z.ID == "" {
		z.ID = l.ID + "-" + strconv.Itoa(i+1)
	}
	for k, v := range f.Properties {
		switch k {
		case "id":
		case "name":
			s, ok := v.(string)
			if !ok {
				return nil, &FieldError{Field: "name", Err: fmt.Errorf("%w: property name must be a string", geo.ErrInvalid)}
			}
			z.Name = s
		case "valid_from", "valid_to":
			t, err := propertyTime(k, v, loc)
			if err != nil {
				return nil, &FieldError{Field: k, Err: err}
			}
			if k == "valid_from" {
				z.Validity.From = t
			} else {
				z.Validity.To = t
			}
		default:
			z.Properties[k] = v
		}
	}
	if len(z.Properties) == 0 {
		z.Properties = nil
	}
	if err := check(i, z, o); err != nil {
		return nil, err
	}
	return z, nil
}

// check validates a built zone: the one place every imported or edited
// feature passes, where repair (Options.MakeValid) will run first.
func check(i int, z *geo.Zone, o Options) error {
	if o.Repair != nil {
		if err := o.Repair(i, z); err != nil {
			return err
		}
	}
	return z.ValidateWith(geo.ValidateOptions{MaxVertices: o.MaxVertices, MaxParts: o.MaxParts})
}

func propertyTime(name string, v any, loc *time.Location) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: property %s must be a string date or time", geo.ErrInvalid, name)
	}
	if s == "" {
		return time.Time{}, nil
	}
	t, err := geo.ParseTime(s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("property %s: %w", name, err)
	}
	return t, nil
}

// featureID returns the feature's id as text: the Feature "id" member, else
// an "id" property, else "".
func featureID(f *geojson.Feature) string {
	if f == nil {
		return ""
	}
	id := f.ID
	if id == nil {
		id = f.Properties["id"]
	}
	return idText(id)
}

// idText renders a JSON id value (string or number) as text.
func idText(id any) string {
	switch v := id.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}
