package kiln

import (
	"fmt"
	"math"

	"github.com/zonegate/zonegate/geo"
)

// Defaults of the gazette's rule 6 and of the modelling assumptions.
const (
	// DefaultMinDistanceM is the gazette's "距离建成区10公里以上".
	DefaultMinDistanceM = 10000
	// DefaultWindFromDeg is the assumed prevailing wind direction (the
	// direction it blows from, degrees clockwise from north): 315°, the
	// north-westerly winter monsoon of the Fen basin. An assumption, not a
	// gazette value.
	DefaultWindFromDeg = 315
	// DefaultSectorHalfDeg is the half-angle of the downwind sector.
	DefaultSectorHalfDeg = 45
)

// Criteria are the rules a relocation site must meet. The zero value is
// not useful; start from DefaultCriteria.
type Criteria struct {
	// MinDistanceM is the least distance in metres from every built-up
	// zone (> 0).
	MinDistanceM float64 `json:"min_distance_m"`
	// Downwind enables the downwind criterion.
	Downwind bool `json:"downwind"`
	// WindFromDeg is the prevailing wind's direction of origin, degrees
	// clockwise from true north, in [0, 360).
	WindFromDeg float64 `json:"wind_from_deg"`
	// SectorHalfDeg is the half-angle of the downwind sector, in (0, 180];
	// 180 accepts every direction.
	SectorHalfDeg float64 `json:"sector_half_deg"`
	// MinElevationM, when positive, requires ground at least this high
	// ("hilly"); 0 disables the criterion.
	MinElevationM float64 `json:"min_elevation_m,omitempty"`
	// MinSlopeDeg, when positive, requires a slope at least this steep; 0
	// disables the criterion.
	MinSlopeDeg float64 `json:"min_slope_deg,omitempty"`
}

// DefaultCriteria returns 10 km from built-up areas, downwind of a wind
// from 315° within ±45°, no elevation or slope criterion.
func DefaultCriteria() Criteria {
	return Criteria{MinDistanceM: DefaultMinDistanceM, Downwind: true,
		WindFromDeg: DefaultWindFromDeg, SectorHalfDeg: DefaultSectorHalfDeg}
}

// Validate reports the first unusable value, wrapping geo.ErrInvalid.
func (c Criteria) Validate() error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	switch {
	case bad(c.MinDistanceM) || c.MinDistanceM <= 0 || c.MinDistanceM > 1e6:
		return fmt.Errorf("%w: minimum distance %g m must be in (0, 1000000]", geo.ErrInvalid, c.MinDistanceM)
	case bad(c.WindFromDeg) || c.WindFromDeg < 0 || c.WindFromDeg >= 360:
		return fmt.Errorf("%w: wind direction %g° must be in [0, 360)", geo.ErrInvalid, c.WindFromDeg)
	case bad(c.SectorHalfDeg) || c.SectorHalfDeg <= 0 || c.SectorHalfDeg > 180:
		return fmt.Errorf("%w: sector half-angle %g° must be in (0, 180]", geo.ErrInvalid, c.SectorHalfDeg)
	case bad(c.MinElevationM) || c.MinElevationM < 0:
		return fmt.Errorf("%w: minimum elevation %g m must be 0 (off) or positive", geo.ErrInvalid, c.MinElevationM)
	case bad(c.MinSlopeDeg) || c.MinSlopeDeg < 0 || c.MinSlopeDeg >= 90:
		return fmt.Errorf("%w: minimum slope %g° must be 0 (off) or in (0, 90)", geo.ErrInvalid, c.MinSlopeDeg)
	}
	return nil
}

// needsTerrain reports whether an elevation or slope criterion is set.
func (c Criteria) needsTerrain() bool { return c.MinElevationM > 0 || c.MinSlopeDeg > 0 }

// downwindDeg is the direction the wind blows towards.
func (c Criteria) downwindDeg() float64 { return math.Mod(c.WindFromDeg+180, 360) }

// inSector reports whether bearing (degrees) lies within the downwind
// sector.
func (c Criteria) inSector(bearing float64) bool {
	d := math.Abs(math.Mod(bearing-c.downwindDeg()+540, 360) - 180)
	return d <= c.SectorHalfDeg
}
