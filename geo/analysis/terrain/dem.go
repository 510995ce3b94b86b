package terrain

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/raster"
)

// DEM is a named elevation model: a geographic (lon/lat degrees, WGS84 or
// CGCS2000) grid of heights in metres, voids NaN.
type DEM struct {
	Name string
	Grid *raster.Grid
}

// DEMSet is an ordered list of DEMs queried together: where several cover
// a position, the first one with data there answers. A DEMSet is safe for
// concurrent reads as long as nobody modifies the grids.
type DEMSet []DEM

// Sample returns the bilinearly interpolated elevation at (lon, lat) in
// metres and the name of the DEM that answered: the first DEM whose
// sample bounds contain the position and whose contributing samples are
// not void (see raster.Grid.Sample). ok is false when no DEM answers.
func (s DEMSet) Sample(lon, lat float64) (elev float64, name string, ok bool) {
	for _, d := range s {
		if d.Grid == nil {
			continue
		}
		if v, ok := d.Grid.Sample(lon, lat); ok {
			return v, d.Name, true
		}
	}
	return 0, "", false
}

// gradient is the surface gradient at one position: dz/dx eastwards and
// dz/dy northwards, both in metres per metre.
type gradient struct{ east, north float64 }

// gradientAt computes the gradient at (lon, lat) by Horn's method on the
// 3×3 neighbourhood spaced at the resolution of the DEM that answers
// Sample there. The spacing is converted to metres on the GRS80 ellipsoid
// at lat. Neighbours without data (at a DEM's edge or next to a void) are
// extrapolated linearly through the centre, so a plane keeps its exact
// slope up to the DEM's edge.
func (s DEMSet) gradientAt(lon, lat float64) (gradient, bool) {
	for _, d := range s {
		g := d.Grid
		if g == nil {
			continue
		}
		zc, ok := g.Sample(lon, lat)
		if !ok {
			continue
		}
		var z [3][3]float64 // z[row][col], row 0 north, col 0 west
		var have [3][3]bool
		for r := range 3 {
			for c := range 3 {
				v, ok := g.Sample(lon+float64(c-1)*g.DX, lat-float64(r-1)*g.DY)
				z[r][c], have[r][c] = v, ok
			}
		}
		z[1][1], have[1][1] = zc, true
		// Missing edge neighbours first, mirrored through the centre; then
		// missing corners from the plane through the centre and the two
		// edge neighbours beside them.
		for _, rc := range [4][2]int{{0, 1}, {2, 1}, {1, 0}, {1, 2}} {
			r, c := rc[0], rc[1]
			switch {
			case have[r][c]:
			case have[2-r][2-c]:
				z[r][c] = 2*zc - z[2-r][2-c]
			default:
				z[r][c] = zc
			}
		}
		for _, rc := range [4][2]int{{0, 0}, {0, 2}, {2, 0}, {2, 2}} {
			if r, c := rc[0], rc[1]; !have[r][c] {
				z[r][c] = z[r][1] + z[1][c] - zc
			}
		}
		dxM := g.DX * metresPerDegreeLon(lat)
		dyM := g.DY * metresPerDegreeLat(lat)
		east := ((z[0][2] + 2*z[1][2] + z[2][2]) - (z[0][0] + 2*z[1][0] + z[2][0])) / (8 * dxM)
		north := ((z[0][0] + 2*z[0][1] + z[0][2]) - (z[2][0] + 2*z[2][1] + z[2][2])) / (8 * dyM)
		return gradient{east: east, north: north}, true
	}
	return gradient{}, false
}

// Slope returns the terrain slope at (lon, lat) in degrees from the
// horizontal (0 flat, approaching 90 for a cliff), by Horn's method on a
// 3×3 neighbourhood at the answering DEM's own resolution, with the cell
// size converted to metres at that latitude. ok is false when no DEM has
// data at the position (see Sample).
func (s DEMSet) Slope(lon, lat float64) (deg float64, ok bool) {
	gr, ok := s.gradientAt(lon, lat)
	if !ok {
		return 0, false
	}
	return math.Atan(math.Hypot(gr.east, gr.north)) * 180 / math.Pi, true
}

// Aspect returns the compass direction the slope at (lon, lat) faces — the
// downhill direction — in degrees clockwise from north in [0, 360): 90 for
// ground falling towards the east. ok is false where no DEM has data or
// the ground is flat (no direction).
func (s DEMSet) Aspect(lon, lat float64) (deg float64, ok bool) {
	gr, ok := s.gradientAt(lon, lat)
	if !ok || (gr.east == 0 && gr.north == 0) {
		return 0, false
	}
	// Downhill is −∇z; its compass bearing is atan2(east, north).
	a := math.Atan2(-gr.east, -gr.north) * 180 / math.Pi
	if a < 0 {
		a += 360
	}
	if a >= 360 {
		a -= 360
	}
	return a, true
}

// Bounds returns the union of the DEMs' sample bounds (lon/lat), and
// false for a set without grids.
func (s DEMSet) Bounds() (orb.Bound, bool) {
	var out orb.Bound
	ok := false
	for _, d := range s {
		if d.Grid == nil {
			continue
		}
		if b := d.Grid.Bounds(); ok {
			out = out.Union(b)
		} else {
			out, ok = b, true
		}
	}
	return out, ok
}

// metresPerDegreeLon is the length of one degree of longitude at lat on
// the GRS80 ellipsoid: the prime-vertical radius of curvature times
// cos(lat) times π/180.
func metresPerDegreeLon(lat float64) float64 {
	const a, f = 6378137.0, 1 / 298.257222101
	e2 := f * (2 - f)
	phi := lat * math.Pi / 180
	s := math.Sin(phi)
	n := a / math.Sqrt(1-e2*s*s)
	return n * math.Cos(phi) * math.Pi / 180
}

// MetresPerDegree returns the ground length in metres of one degree of
// longitude and of latitude at latitude lat on the GRS80 ellipsoid (the
// CGCS2000 ellipsoid; WGS84 differs by under a micrometre).
func MetresPerDegree(lat float64) (lon, latM float64) {
	return metresPerDegreeLon(lat), metresPerDegreeLat(lat)
}
