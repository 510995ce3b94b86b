package ingest

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/project"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// FieldError is a problem with one property of a feature (the id
// property, name, valid_from, valid_to). It wraps the underlying error.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

// ResolveCRS picks the coordinate system of a file: override (the user's
// --crs) if given, else declared (what the file states: an EPSG name or
// URN, or a WKT definition from a .prj or GeoPackage). Both empty gives the
// zero System: none known.
func ResolveCRS(declared, override string) (crs.System, error) {
	pick := override
	if pick == "" {
		pick = declared
	}
	if pick == "" {
		return crs.System{}, nil
	}
	var s crs.System
	var err error
	if containsBracket(pick) {
		s, err = crs.FromWKT(pick)
	} else {
		s, err = crs.ParseSystem(pick)
	}
	if err != nil {
		what := "the file's coordinate system"
		if override != "" {
			what = "--crs"
		}
		if errors.Is(err, crs.ErrUnknownSystem) && override == "" {
			return crs.System{}, fmt.Errorf("%w: %s: %v (pass --crs EPSG:<code> if you know what it is)", geo.ErrInvalid, what, err)
		}
		return crs.System{}, fmt.Errorf("%w: %s: %v", geo.ErrInvalid, what, err)
	}
	return s, nil
}

func containsBracket(s string) bool {
	for _, c := range s {
		if c == '[' || c == '(' {
			return true
		}
	}
	return false
}

// toWGS84 checks the features' coordinates against sys and converts them
// to WGS84 longitude/latitude, returning copies (the input is unchanged).
func toWGS84(features []*geojson.Feature, sys crs.System) ([]*geojson.Feature, error) {
	var b orb.Bound
	first := true
	for _, f := range features {
		if f == nil || f.Geometry == nil {
			continue
		}
		fb := f.Geometry.Bound()
		if first {
			b, first = fb, false
		} else {
			b = b.Union(fb)
		}
	}
	if first {
		return features, nil
	}
	if !sys.Known() {
		if hint := crs.LooksProjected(b); hint != "" {
			return nil, fmt.Errorf("%w: coordinates are not longitude/latitude and the file names no coordinate system: %s", geo.ErrInvalid, hint)
		}
		return features, nil
	}
	if err := sys.CheckBound(b); err != nil {
		return nil, fmt.Errorf("%w: %v", geo.ErrInvalid, err)
	}
	if sys.Code == 4326 || sys.Code == 4490 {
		return features, nil
	}
	out := make([]*geojson.Feature, len(features))
	for i, f := range features {
		if f == nil || f.Geometry == nil {
			out[i] = f
			continue
		}
		c := *f
		c.Geometry = convert(orb.Clone(f.Geometry), sys)
		out[i] = &c
	}
	return out, nil
}

// convert converts g's points in place with orb/project, a Bound first
// becoming its polygon.
func convert(g orb.Geometry, sys crs.System) orb.Geometry {
	if b, ok := g.(orb.Bound); ok {
		g = b.ToPolygon()
	}
	return project.Geometry(g, sys.ToWGS84)
}
