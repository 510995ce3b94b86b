package sewer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/zonegate/zonegate/geo"
)

// Defaults of Options.
const (
	DefaultCellM     = 25   // grid cell side in metres
	DefaultSimplifyM = 2.5  // tolerance of the published coverage polygons, metres
	DefaultTarget    = 0.30 // conversion-rate target of county towns (县城建成区)
	CityTarget       = 0.40 // conversion-rate target of the city's built-up area (城市建成区)
	CityCountyID     = "141002"
)

// DefaultMaxCells bounds the grid samples of one Coverage, summed over the
// counties: about 23 bytes are allocated per sample, so under 400 MB in all
// and much less at any moment. The demo region needs 5.7 million at the
// default 500 m service distance and 25 m cells, 27.7 million at 100 m
// with 10 m cells.
const DefaultMaxCells = 16 << 20

// DefaultTargets returns the gazette's conversion-rate targets by county
// id beyond DefaultTarget: 40 % for the city district 尧都区 (141002).
func DefaultTargets() map[string]float64 {
	return map[string]float64{CityCountyID: CityTarget}
}

// Options tunes Coverage. The zero value uses the defaults.
type Options struct {
	// ServiceM is the service distance in metres (0: DefaultServiceM).
	ServiceM float64
	// CellM is the grid cell side in metres (0: DefaultCellM). Areas are
	// exact to the linear interpolation of marching squares between
	// samples, so a cell of a twentieth of ServiceM is plenty.
	CellM float64
	// SimplifyM is the Douglas–Peucker tolerance of the coverage polygons
	// in metres (0: DefaultSimplifyM, negative: none). Covered built-up
	// areas are measured unsimplified.
	SimplifyM float64
	// Targets maps county ids to their conversion-rate target (a fraction
	// in [0, 1]); nil means DefaultTargets(). Counties not listed get
	// DefaultTarget.
	Targets map[string]float64
	// MaxCells bounds the grid samples of the analysis, summed over the
	// counties' windows (0: DefaultMaxCells; at most raster.MaxCells per
	// window). A larger analysis fails with a *CellsError before any grid
	// is allocated.
	MaxCells int64
	// Progress, if set, is called with the number of counties done and
	// the total, first with (0, total) and last with (total, total).
	Progress func(done, total int)
}

// withDefaults fills zero fields and validates the rest; errors wrap
// geo.ErrInvalid.
func (o Options) withDefaults() (Options, error) {
	if o.ServiceM == 0 {
		o.ServiceM = DefaultServiceM
	}
	if o.CellM == 0 {
		o.CellM = DefaultCellM
	}
	if o.SimplifyM == 0 {
		o.SimplifyM = DefaultSimplifyM
	}
	if o.MaxCells <= 0 {
		o.MaxCells = DefaultMaxCells
	}
	if o.Targets == nil {
		o.Targets = DefaultTargets()
	}
	if err := checkPositive("service distance", o.ServiceM); err != nil {
		return o, err
	}
	if err := checkPositive("cell size", o.CellM); err != nil {
		return o, err
	}
	if o.CellM > o.ServiceM/2 {
		return o, fmt.Errorf("%w: cell size %g m must be at most half the service distance %g m", geo.ErrInvalid, o.CellM, o.ServiceM)
	}
	if math.IsNaN(o.SimplifyM) || math.IsInf(o.SimplifyM, 0) {
		return o, fmt.Errorf("%w: simplification tolerance %g is not a number", geo.ErrInvalid, o.SimplifyM)
	}
	for id, t := range o.Targets {
		if !(t >= 0 && t <= 1) {
			return o, fmt.Errorf("%w: target %g for county %s is not a fraction in [0, 1]", geo.ErrInvalid, t, id)
		}
	}
	return o, nil
}

// target returns the conversion-rate target of county id.
func (o Options) target(id string) float64 {
	if t, ok := o.Targets[id]; ok {
		return t
	}
	return DefaultTarget
}

// CellsError reports an analysis that would need more grid samples than
// Options.MaxCells. It wraps geo.ErrInvalid.
type CellsError struct {
	Cells           float64 // samples the analysis would need
	Limit           int64   // Options.MaxCells
	ServiceM, CellM float64 // the options that decided the cell size
}

func (e *CellsError) Error() string {
	return fmt.Sprintf("the analysis would need %s cells of %g m; the limit is %s",
		groupThousands(e.Cells), e.CellM, groupThousands(float64(e.Limit)))
}

// Unwrap makes a CellsError match geo.ErrInvalid.
func (e *CellsError) Unwrap() error { return geo.ErrInvalid }

// groupThousands formats a whole number with commas: 268,435,456.
func groupThousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
