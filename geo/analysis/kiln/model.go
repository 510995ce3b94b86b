package kiln

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// Terrain answers elevation and slope at a position (lon, lat degrees).
// terrain.DEMSet implements it.
type Terrain interface {
	// Sample returns the elevation in metres and the name of the DEM that
	// answered; ok is false outside every DEM.
	Sample(lon, lat float64) (elev float64, name string, ok bool)
	// Slope returns the slope in degrees; ok is false outside every DEM.
	Slope(lon, lat float64) (deg float64, ok bool)
}

// Input is what the kiln analyses work on. Zones must have Polygon or
// MultiPolygon geometry in lon/lat.
type Input struct {
	BuiltUp   []*geo.Zone // built-up areas (城市建成区)
	Townships []*geo.Zone // suggested relocation areas; Areas needs at least one
	Counties  []*geo.Zone // administrative units for per-county results and the downwind reference; may be empty
	Terrain   Terrain     // required when an elevation or slope criterion is set
}

// ZoneRef names a zone in results.
type ZoneRef struct {
	Layer string `json:"layer"`
	ID    string `json:"id"`
	Name  string `json:"name"`
}

// Model holds the prepared input of the analyses: every polygon projected
// once to the Gauss–Krüger plane. It is immutable and safe for concurrent
// use.
type Model struct {
	crit      Criteria
	tm        crs.TM
	zone      int // Gauss–Krüger zone number
	builtUp   []shape
	townships []shape
	counties  []shape
	centroids []orb.Point // per county: built-up centroid in the plane; NaN when none
	norths    []float64   // grid bearing of true north at each centroid
	all       orb.Point   // centroid of all built-up zones; NaN when none
	allNorth  float64     // grid bearing of true north at all
	terrain   Terrain
}

// shape is one zone in lon/lat and projected.
type shape struct {
	ref   ZoneRef
	ll    orb.MultiPolygon
	xy    orb.MultiPolygon
	bound orb.Bound // of xy
}

// New checks c and the input and prepares the model. The projection is
// the 3° Gauss–Krüger zone of the centre of the townships' bounds (of the
// built-up zones' or counties' when there are no townships: CheckSite
// works without townships, Areas does not).
func New(in Input, c Criteria) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.needsTerrain() && in.Terrain == nil {
		return nil, fmt.Errorf("%w: an elevation or slope criterion needs a DEM", geo.ErrInvalid)
	}
	centreOf := in.Townships
	switch {
	case len(centreOf) == 0 && len(in.BuiltUp) > 0:
		centreOf = in.BuiltUp
	case len(centreOf) == 0:
		centreOf = in.Counties
	}
	if len(centreOf) == 0 {
		return nil, fmt.Errorf("%w: no townships, built-up zones or counties", geo.ErrInvalid)
	}
	var b orb.Bound
	for i, z := range centreOf {
		mp, err := polygons(z)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			b = mp.Bound()
		} else {
			b = b.Union(mp.Bound())
		}
	}
	zone := crs.Zone3(b.Center()[0])
	tm, err := crs.GaussKruger3(zone)
	if err != nil {
		return nil, fmt.Errorf("%w: townships at longitude %g: %v", geo.ErrInvalid, b.Center()[0], err)
	}
	m := &Model{crit: c, tm: tm, zone: zone, terrain: in.Terrain}
	for _, set := range []struct {
		zones []*geo.Zone
		dst   *[]shape
	}{{in.BuiltUp, &m.builtUp}, {in.Townships, &m.townships}, {in.Counties, &m.counties}} {
		for _, z := range set.zones {
			s, err := m.shapeOf(z)
			if err != nil {
				return nil, err
			}
			*set.dst = append(*set.dst, s)
		}
	}
	m.centroids, m.all = m.builtUpCentroids()
	m.norths = make([]float64, len(m.centroids))
	for k, c := range m.centroids {
		m.norths[k] = m.gridNorth(c)
	}
	m.allNorth = m.gridNorth(m.all)
	return m, nil
}

// Criteria returns the criteria the model applies.
func (m *Model) Criteria() Criteria { return m.crit }

// Zone returns the number of the 3° Gauss–Krüger zone of the metric plane:
// 37 (EPSG:4525, central meridian 111°E) for Linfen.
func (m *Model) Zone() int { return m.zone }

// polygons returns the zone's geometry as a MultiPolygon.
func polygons(z *geo.Zone) (orb.MultiPolygon, error) {
	if z == nil {
		return nil, fmt.Errorf("%w: nil zone", geo.ErrInvalid)
	}
	if mp, ok := geo.MultiPolygonOf(z.Geometry); ok {
		return mp, nil
	}
	return nil, fmt.Errorf("kiln: zone %s/%s: %w: geometry %T, want Polygon or MultiPolygon", z.Layer, z.ID, geo.ErrInvalid, z.Geometry)
}

// shapeOf projects z.
func (m *Model) shapeOf(z *geo.Zone) (shape, error) {
	ll, err := polygons(z)
	if err != nil {
		return shape{}, err
	}
	xy := make(orb.MultiPolygon, len(ll))
	for i, poly := range ll {
		xy[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			r := make(orb.Ring, len(ring))
			for k, p := range ring {
				r[k] = m.tm.Forward(p)
				if math.IsNaN(r[k][0]) || math.IsNaN(r[k][1]) {
					return shape{}, fmt.Errorf("kiln: zone %s/%s: %w: vertex %v cannot be projected", z.Layer, z.ID, geo.ErrInvalid, p)
				}
			}
			xy[i][j] = r
		}
	}
	return shape{ref: ZoneRef{Layer: z.Layer, ID: z.ID, Name: z.Name}, ll: ll, xy: xy, bound: xy.Bound()}, nil
}

// builtUpCentroids returns, per county, the area-weighted centroid of the
// built-up zones whose centroid lies in the county, and that of all
// built-up zones (NaN when there are none).
func (m *Model) builtUpCentroids() ([]orb.Point, orb.Point) {
	nan := orb.Point{math.NaN(), math.NaN()}
	sums := make([][3]float64, len(m.counties)) // Σ a·x, Σ a·y, Σ a
	var all [3]float64
	for _, b := range m.builtUp {
		c, a := planar.CentroidArea(b.xy)
		if !(a > 0) {
			continue
		}
		all = [3]float64{all[0] + a*c[0], all[1] + a*c[1], all[2] + a}
		if k := m.countyOf(m.tm.Inverse(c)); k >= 0 {
			sums[k] = [3]float64{sums[k][0] + a*c[0], sums[k][1] + a*c[1], sums[k][2] + a}
		}
	}
	out := make([]orb.Point, len(m.counties))
	for k, s := range sums {
		out[k] = nan
		if s[2] > 0 {
			out[k] = orb.Point{s[0] / s[2], s[1] / s[2]}
		}
	}
	if all[2] == 0 {
		return out, nan
	}
	return out, orb.Point{all[0] / all[2], all[1] / all[2]}
}

// countyOf returns the index of the first county containing p (lon/lat),
// or -1.
func (m *Model) countyOf(p orb.Point) int {
	return firstContaining(m.counties, p)
}

// firstContaining returns the index of the first shape whose lon/lat
// geometry contains p (boundary inside), or -1.
func firstContaining(shapes []shape, p orb.Point) int {
	for i, s := range shapes {
		if s.ll.Bound().Contains(p) && planar.MultiPolygonContains(s.ll, p) {
			return i
		}
	}
	return -1
}

// reference returns the downwind reference point (in the plane) for a
// point in county k (-1: none) and the grid bearing of true north there:
// the county's built-up centroid, else that of all built-up zones; NaN
// when there are no built-up zones.
func (m *Model) reference(k int) (orb.Point, float64) {
	if k >= 0 && !math.IsNaN(m.centroids[k][0]) {
		return m.centroids[k], m.norths[k]
	}
	return m.all, m.allNorth
}

// gridNorth returns the grid bearing in degrees of true north at plane
// point p (the meridian convergence, negative east of the central
// meridian), from a point 0.01° further north.
func (m *Model) gridNorth(p orb.Point) float64 {
	ll := m.tm.Inverse(p)
	n := m.tm.Forward(orb.Point{ll[0], ll[1] + 0.01})
	return math.Atan2(n[0]-p[0], n[1]-p[1]) * 180 / math.Pi
}

// bearing returns the true bearing in degrees [0, 360) from ref to p, both
// in the plane: the grid bearing corrected by the grid bearing of true
// north at ref. It returns NaN when the points coincide or ref is NaN.
func (m *Model) bearing(ref orb.Point, north float64, p orb.Point) float64 {
	dx, dy := p[0]-ref[0], p[1]-ref[1]
	if math.IsNaN(dx+dy) || (dx == 0 && dy == 0) {
		return math.NaN()
	}
	grid := math.Atan2(dx, dy) * 180 / math.Pi
	return math.Mod(grid-north+720, 360)
}

// scale returns the point scale factor of the projection at plane point
// p: 1 + x²/2R² + x⁴/24R⁴, x the distance from the central meridian and R
// a mean Earth radius; within a 3° zone at mid latitudes it is within
// 10⁻⁷ of the exact factor.
func (m *Model) scale(p orb.Point) float64 {
	x := p[0] - m.tm.Params().FalseEasting
	const r = 6371000.0
	q := x * x / (r * r)
	return 1 + q/2 + q*q/24
}
