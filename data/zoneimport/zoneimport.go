// Package zoneimport is the one import path shared by `zonegate import`
// and POST /v1/imports: a dataset read by data/sourcefile is converted to
// WGS84 and validated by geo/ingest, all or nothing, then stored as drafts
// or published versions with audit entries.
package zoneimport

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/sourcefile"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
	"github.com/zonegate/zonegate/geo/repair"
)

// Request is one import into one layer.
type Request struct {
	Layer       geo.Layer // from ResolveLayer
	CRS         string    // --crs / crs: overrides what the file declares
	IDProperty  string
	MaxVertices int // per zone; 0: geo's default
	MaxParts    int // polygons per MultiPolygon; 0: geo's default
	// MakeValid repairs invalid polygons (geo/repair) instead of refusing
	// them; what it changed is in Report.Repaired.
	MakeValid bool
	Publish   bool   // publish the zones; false stores drafts
	Actor     string // audit actor and draft author
	Location  *time.Location
	Progress  func(done, total int)
}

// Problem is one rejected feature in a Report.
type Problem struct {
	Index   int    `json:"index"`             // position in the file, from 0
	ID      string `json:"id,omitempty"`      // the feature's id, if it had one
	Field   string `json:"field"`             // "geometry", or the property at fault
	Problem string `json:"problem"`           // a geo.Problem* code, or "invalid"
	Message string `json:"message"`           // the reason in English
	Polygon *int   `json:"polygon,omitempty"` // where in the geometry, for geometry problems
	Ring    *int   `json:"ring,omitempty"`
	Vertex  *int   `json:"vertex,omitempty"`
}

// Report says what an import read and did. With Invalid non-empty nothing
// was stored.
type Report struct {
	Layer    string    `json:"layer"`
	Format   string    `json:"format"`
	Table    string    `json:"table,omitempty"`
	CRS      string    `json:"crs"`
	CRSFrom  string    `json:"crs_from,omitempty"`
	Encoding string    `json:"encoding,omitempty"`
	Features int       `json:"features"`
	Imported int       `json:"imported"`
	Status   string    `json:"status,omitempty"` // draft or published, when stored
	Invalid  []Problem `json:"invalid,omitempty"`
	// Repaired lists, with make_valid, every feature that was repaired and
	// how (actions, area before and after).
	Repaired []repair.FeatureReport `json:"repaired,omitempty"`
}

// Repairable returns how many of the refused features have a geometry
// problem a repair may address (repair.Addresses): with it above zero an
// import without MakeValid is worth retrying with it.
func (r *Report) Repairable() int {
	n := 0
	for _, p := range r.Invalid {
		if p.Field == "geometry" && repair.Addresses(p.Problem) {
			n++
		}
	}
	return n
}

// OverLimit returns how many of the refused features are over the
// vertex or part limit (Request.MaxVertices, MaxParts), which the caller
// may raise.
func (r *Report) OverLimit() int {
	n := 0
	for _, p := range r.Invalid {
		if p.Problem == geo.ProblemTooManyVertices || p.Problem == geo.ProblemTooManyParts {
			n++
		}
	}
	return n
}

// ErrRefused is returned (wrapping geo.ErrInvalid) when features were
// invalid; the Report lists them.
var ErrRefused = fmt.Errorf("%w: invalid features; nothing was imported", geo.ErrInvalid)

// Run validates the dataset's features into zones of req.Layer and, when
// every one is valid, stores them in one commit (creating the layer). A
// whole-file problem (unknown CRS, projected coordinates without one) is
// returned as an error wrapping geo.ErrInvalid with a nil Report.
func Run(ctx context.Context, store data.Store, ds *sourcefile.Dataset, req Request) (*Report, error) {
	sys, err := ingest.ResolveCRS(ds.CRS, req.CRS)
	if err != nil {
		return nil, err
	}
	rep := &Report{Layer: req.Layer.ID, Format: ds.Format, Table: ds.Table, Encoding: ds.Encoding,
		Features: len(ds.Features), CRS: "EPSG:4326 (assumed: the file names none)"}
	if sys.Known() {
		rep.CRS, rep.CRSFrom = sys.String(), ds.CRSFrom
		if req.CRS != "" {
			rep.CRSFrom = "--crs"
		}
	}
	opts := ingest.Options{Loc: req.Location, IDProperty: req.IDProperty,
		MaxVertices: req.MaxVertices, MaxParts: req.MaxParts, Progress: req.Progress, CRS: sys}
	var repairs repair.Log
	if req.MakeValid {
		opts.Repair = repair.Hook(&repairs, geo.ValidateOptions{MaxVertices: req.MaxVertices, MaxParts: req.MaxParts})
	}
	zones, bad, err := ingest.Features(ds.Features, req.Layer, opts)
	if err != nil {
		return nil, err
	}
	rep.Repaired = repairs.Reports()
	if len(bad) > 0 {
		for _, fe := range bad {
			rep.Invalid = append(rep.Invalid, problem(fe))
		}
		return rep, ErrRefused
	}
	if len(zones) == 0 {
		return nil, fmt.Errorf("%w: the file has no features", geo.ErrInvalid)
	}
	if _, err := store.PutLayer(ctx, req.Layer); err != nil {
		return nil, fmt.Errorf("create layer %s: %w", req.Layer.ID, err)
	}
	if req.Publish {
		if err := data.PublishAs(ctx, store, req.Actor, data.ActionImport, zones); err != nil {
			return nil, fmt.Errorf("store zones: %w", err)
		}
		rep.Status = string(geo.StatusPublished)
	} else {
		if err := storeDrafts(ctx, store, req.Actor, zones); err != nil {
			return nil, err
		}
		rep.Status = string(geo.StatusDraft)
	}
	rep.Imported = len(zones)
	return rep, nil
}

// storeDrafts appends each zone as a draft version after its feature's
// latest, with audit entries, in one commit.
func storeDrafts(ctx context.Context, store data.Store, actor string, zones []*geo.Zone) error {
	var b data.Batch
	for _, z := range zones {
		prev, err := store.ZoneVersions(ctx, z.Layer, z.ID)
		if err != nil && !errors.Is(err, data.ErrNotFound) {
			return fmt.Errorf("read versions of %s/%s: %w", z.Layer, z.ID, err)
		}
		var latest *geo.Zone
		z.Status, z.Author, z.Version = geo.StatusDraft, actor, 1
		if len(prev) > 0 {
			latest = prev[len(prev)-1]
			z.Version = latest.Version + 1
		}
		e, err := data.ZoneAudit(actor, data.ActionImport, latest, z)
		if err != nil {
			return fmt.Errorf("audit %s/%s: %w", z.Layer, z.ID, err)
		}
		b.Append = append(b.Append, z)
		b.Audit = append(b.Audit, e)
	}
	if err := store.Commit(ctx, b); err != nil {
		return fmt.Errorf("store drafts: %w", err)
	}
	return nil
}

// problem describes a rejected feature for the report.
func problem(fe *ingest.FeatureError) Problem {
	p := Problem{Index: fe.Index, ID: fe.ID, Field: "geometry", Problem: "invalid", Message: fe.Err.Error()}
	var ge *geo.GeometryError
	var field *ingest.FieldError
	switch {
	case errors.As(fe.Err, &ge):
		p.Problem = ge.Problem
		if ge.Polygon >= 0 {
			p.Polygon = &ge.Polygon
		}
		if ge.Ring >= 0 {
			p.Ring = &ge.Ring
		}
		if ge.Vertex >= 0 {
			p.Vertex = &ge.Vertex
		}
	case errors.As(fe.Err, &field):
		p.Field = field.Field
	}
	return p
}

// ResolveLayer returns the target layer: an existing one (whose kind must
// match kind, if given; title and description replace its own when given)
// or a new one, which needs kind.
func ResolveLayer(ctx context.Context, store data.Store, id, kind, title, description string) (geo.Layer, error) {
	existing, err := store.Layer(ctx, id)
	switch {
	case err == nil:
		if kind != "" && geo.Kind(kind) != existing.Kind {
			return geo.Layer{}, fmt.Errorf("%w: layer %s exists with kind %s, not %s", geo.ErrInvalid, id, existing.Kind, kind)
		}
		if title != "" {
			existing.Title = title
		}
		if description != "" {
			existing.Description = description
		}
		return existing, nil
	case !errors.Is(err, data.ErrNotFound):
		return geo.Layer{}, fmt.Errorf("read layer %s: %w", id, err)
	}
	if kind == "" {
		return geo.Layer{}, fmt.Errorf("%w: layer %s is new: kind is required", geo.ErrInvalid, id)
	}
	if title == "" {
		title = id
	}
	l := geo.Layer{ID: id, Kind: geo.Kind(kind), Title: title, Description: description}
	return l, l.Validate()
}
