package analysis

import (
	"time"

	"github.com/zonegate/zonegate/geo"
)

// Layer is one layer of an analysis result, ready to publish: the layer
// and the complete set of its zones for this run.
type Layer struct {
	// Layer is created when the store lacks it; an existing layer must
	// have the same kind, and keeps its title and description.
	Layer geo.Layer
	// Zones are the result, each in Layer (same id and kind), with the
	// parameters and inputs of the run in its properties (provenance).
	Zones []*geo.Zone
	// ValidFrom is when the result takes effect (zero: always). Features of
	// the layer that an earlier run published and Zones lacks end there:
	// their validity is closed at ValidFrom, or, when they begin at or after
	// it, they are retired (see geo.Supersede).
	ValidFrom time.Time
}
