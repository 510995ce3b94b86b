package repair

import (
	"errors"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

// FeatureReport is the repair of one feature of an import.
type FeatureReport struct {
	// Index is the feature's position in its collection, from 0.
	Index int `json:"index"`
	// ID is the zone id the feature got.
	ID string `json:"id"`
	Report
}

// String formats the report as
// "feature 3 (id 141024): union_overlapping_parts; area 1520.3 → 1498.7 km²".
func (r FeatureReport) String() string {
	return fmt.Sprintf("feature %d (id %s): %v", r.Index, r.ID, r.Report)
}

// Log collects the FeatureReports of one import. It is safe for concurrent
// use, so readers that convert features in parallel may share one.
type Log struct {
	mu      sync.Mutex
	reports []FeatureReport
}

// Reports returns the repairs made so far, in the order they happened.
func (l *Log) Reports() []FeatureReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]FeatureReport(nil), l.reports...)
}

// Hook returns an ingest.Options.Repair function: a zone whose geometry
// fails geo.ValidateGeometry (with vo) for a reason a repair can address is
// repaired with Geometry and the report appended to log; a zone that is
// valid, or whose problem is not about shape (a wrong type, too many
// vertices), passes unchanged to ingest's own validation, which reports it
// as usual. A geometry that cannot be repaired rejects the feature with the
// validator's error and the *Refusal.
func Hook(log *Log, vo geo.ValidateOptions) func(index int, z *geo.Zone) error {
	return func(index int, z *geo.Zone) error {
		switch z.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			return nil
		}
		err := geo.ValidateGeometryWith(z.Geometry, z.Kind.GeometryClass(), vo)
		var gerr *geo.GeometryError
		if err == nil || !errors.As(err, &gerr) || !repairable[gerr.Problem] {
			return nil
		}
		fixed, rep, rerr := Geometry(z.Geometry)
		if rerr != nil {
			return fmt.Errorf("%w; %w", err, rerr)
		}
		z.Geometry = fixed
		log.mu.Lock()
		log.reports = append(log.reports, FeatureReport{Index: index, ID: z.ID, Report: rep})
		log.mu.Unlock()
		return nil
	}
}

// Addresses reports whether Geometry may repair a geometry the validator
// refused with problem (a geo.Problem* code): whether asking for repair
// (import --make-valid, make_valid=true) is worth suggesting.
func Addresses(problem string) bool {
	return repairable[problem] && problem != geo.ProblemInvalidCoordinate
}

// repairable lists the validator's problems Geometry can address.
var repairable = map[string]bool{
	geo.ProblemUnclosedRing:      true,
	geo.ProblemTooFewPoints:      true,
	geo.ProblemSelfIntersection:  true,
	geo.ProblemHoleOutsideShell:  true,
	geo.ProblemHolesOverlap:      true,
	geo.ProblemPolygonsOverlap:   true,
	geo.ProblemInvalidCoordinate: true, // refused, but with the repair's reason
}

// Collection is ingest.Collection with repair: invalid polygonal features
// are repaired (see Hook) and their reports returned in repaired, sorted by
// index; features that cannot be repaired are in bad, as ingest reports
// them. The CLI import with --make-valid and the HTTP upload both call it.
func Collection(data []byte, l geo.Layer, o ingest.Options) (zones []*geo.Zone, repaired []FeatureReport, bad []*ingest.FeatureError, err error) {
	var log Log
	o.Repair = Hook(&log, geo.ValidateOptions{MaxVertices: o.MaxVertices, MaxParts: o.MaxParts})
	zones, bad, err = ingest.Collection(data, l, o)
	return zones, log.Reports(), bad, err
}
