package kiln

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/contour"
	"github.com/zonegate/zonegate/geo/raster"
)

// DefaultCellM is the default grid cell of Areas, in metres.
const DefaultCellM = 50

// refineBand is how many cells either side of the threshold get the exact
// vector distance instead of the distance transform's estimate; clampBand
// bounds the field values, so that a township's edge is traced midway
// between cells.
const (
	refineBand = 3.0
	clampBand  = 1.5
)

// AreaOptions tunes Areas.
type AreaOptions struct {
	// CellM is the grid cell in metres; 0 means DefaultCellM.
	CellM float64
	// SimplifyM is the Douglas–Peucker tolerance of the output rings in
	// metres; 0 means a quarter cell, negative keeps every vertex.
	// Simplification never makes a polygon invalid.
	SimplifyM float64
	// Progress, if set, is called on the calling goroutine with the work
	// done so far and its total (in grid rows), ending with (total, total).
	Progress func(done, total int)
}

// Area is the candidate area inside one township and one county.
type Area struct {
	Township ZoneRef `json:"township"`
	// County is nil when the model has no counties.
	County   *ZoneRef         `json:"county"`
	AreaKM2  float64          `json:"area_km2"`
	Polygons orb.MultiPolygon `json:"-"` // lon/lat, valid, shells counter-clockwise
}

// CountyArea is the total candidate area of one county.
type CountyArea struct {
	County  ZoneRef `json:"county"`
	AreaKM2 float64 `json:"area_km2"`
}

// Result is the outcome of Areas.
type Result struct {
	// Areas has one entry per (township, county) pair with a non-empty
	// area, townships in input order, then counties in input order.
	Areas []Area `json:"areas"`
	// Counties sums Areas per county, in input order, counties without
	// area left out.
	Counties []CountyArea `json:"counties"`
	TotalKM2 float64      `json:"total_km2"`
	// Zone is the Gauss–Krüger zone of the grid; CellM its cell; Width and
	// Height its size in cells.
	Zone          int     `json:"gauss_kruger_zone"`
	CellM         float64 `json:"cell_m"`
	Width, Height int     `json:"-"`
}

// grid is the metric lattice of one Areas run: cell (c, r) is centred at
// (x0 + c·cell, y0 − r·cell).
type grid struct {
	w, h         int
	x0, y0, cell float64
	dist         []float32 // ground distance estimate to the nearest built-up cell
	claimed      []bool    // cell already assigned to an earlier township
}

// Areas computes the candidate relocation areas: the parts of the
// suggested townships at least MinDistanceM from every built-up zone that
// meet the other criteria, per township and county (see the package
// documentation for the method). A cell lying in several townships
// counts for the first only; when counties are given, township parts
// outside every county are left out.
func (m *Model) Areas(o AreaOptions) (Result, error) {
	cell := o.CellM
	if cell == 0 {
		cell = DefaultCellM
	}
	if !(cell > 0) || math.IsInf(cell, 0) {
		return Result{}, fmt.Errorf("%w: cell size %g m must be positive", geo.ErrInvalid, cell)
	}
	if len(m.townships) == 0 {
		return Result{}, fmt.Errorf("%w: no suggested township areas", geo.ErrInvalid)
	}
	tol := o.SimplifyM
	if tol == 0 {
		tol = cell / 4
	}
	g, err := m.newGrid(cell)
	if err != nil {
		return Result{}, err
	}
	type window struct{ c0, r0, w, h int }
	wins := make([]window, len(m.townships))
	total := g.h
	for i, t := range m.townships {
		c0 := max(0, int(math.Floor((t.bound.Min[0]-g.x0)/cell))-2)
		r0 := max(0, int(math.Floor((g.y0-t.bound.Max[1])/cell))-2)
		c1 := min(g.w-1, int(math.Ceil((t.bound.Max[0]-g.x0)/cell))+2)
		r1 := min(g.h-1, int(math.Ceil((g.y0-t.bound.Min[1])/cell))+2)
		wins[i] = window{c0, r0, c1 - c0 + 1, r1 - r0 + 1}
		total += 2 * wins[i].h
	}
	done := g.h
	progress := func(d int) {
		if o.Progress != nil {
			o.Progress(d, total)
		}
	}
	progress(done)

	res := Result{Zone: m.zone, CellM: cell, Width: g.w, Height: g.h}
	perCounty := make([]float64, len(m.counties))
	for i, t := range m.townships {
		wn := wins[i]
		origin := orb.Point{g.x0 + float64(wn.c0)*cell, g.y0 - float64(wn.r0)*cell}
		inT := raster.Rasterize([]orb.MultiPolygon{t.xy}, wn.w, wn.h, origin, cell)
		for r := range wn.h { // claim the township's cells
			for c := range wn.w {
				k := (wn.r0+r)*g.w + wn.c0 + c
				if inT[r*wn.w+c] {
					if g.claimed[k] {
						inT[r*wn.w+c] = false
					}
					g.claimed[k] = true
				}
			}
		}
		counties := m.countiesNear(orb.Bound{Min: orb.Point{origin[0], origin[1] - float64(wn.h-1)*cell},
			Max: orb.Point{origin[0] + float64(wn.w-1)*cell, origin[1]}})
		rowsPerCounty := max(1, len(counties))
		for ci, k := range counties {
			inK := inT
			if k >= 0 {
				inK = raster.Rasterize([]orb.MultiPolygon{m.counties[k].xy}, wn.w, wn.h, origin, cell)
				for j := range inK {
					inK[j] = inK[j] && inT[j]
				}
			}
			f := contour.Field{W: wn.w, H: wn.h, X0: origin[0], Y0: origin[1], DX: cell, DY: cell,
				Values: make([]float32, wn.w*wn.h)}
			base := done + ci*2*wn.h/rowsPerCounty
			for r := range wn.h {
				for c := range wn.w {
					f.Values[r*wn.w+c] = float32(m.fieldValue(g, wn.c0+c, wn.r0+r, inK[r*wn.w+c], k))
				}
				progress(base + r/rowsPerCounty)
			}
			co := contour.Options{SimplifyTolerance: max(tol, 0)}
			cbase := base + wn.h/rowsPerCounty
			co.Progress = func(d, _ int) { progress(cbase + d/rowsPerCounty) }
			xy, err := contour.Above(f, 0, co)
			if err != nil {
				return Result{}, fmt.Errorf("kiln: township %s/%s: %w", t.ref.Layer, t.ref.ID, err)
			}
			if len(xy) == 0 {
				continue
			}
			a := Area{Township: t.ref, Polygons: m.unproject(xy)}
			a.AreaKM2 = terrain.AreaKM2(a.Polygons)
			if k >= 0 {
				ref := m.counties[k].ref
				a.County = &ref
				perCounty[k] += a.AreaKM2
			}
			res.Areas = append(res.Areas, a)
			res.TotalKM2 += a.AreaKM2
		}
		done += 2 * wn.h
		progress(done)
	}
	for k, v := range perCounty {
		if v > 0 {
			res.Counties = append(res.Counties, CountyArea{County: m.counties[k].ref, AreaKM2: v})
		}
	}
	progress(total)
	return res, nil
}

// newGrid lays the grid over the townships grown by the minimum distance
// (plus slack for the projection's scale and three cells), aligned to
// multiples of cell, and fills in the distance estimate.
func (m *Model) newGrid(cell float64) (*grid, error) {
	var tb orb.Bound
	for i, t := range m.townships {
		if i == 0 {
			tb = t.bound
		} else {
			tb = tb.Union(t.bound)
		}
	}
	pad := m.crit.MinDistanceM*1.001 + 3*cell
	x0 := math.Floor((tb.Min[0]-pad)/cell) * cell
	y1 := math.Ceil((tb.Max[1]+pad)/cell) * cell
	w := int(math.Ceil((tb.Max[0]+pad-x0)/cell)) + 1
	h := int(math.Ceil((y1-(tb.Min[1]-pad))/cell)) + 1
	if w <= 0 || h <= 0 || w > raster.MaxCells/h {
		return nil, fmt.Errorf("%w: a %g m grid over the townships needs %d×%d cells, more than %d; use a larger cell",
			geo.ErrInvalid, cell, w, h, raster.MaxCells)
	}
	g := &grid{w: w, h: h, x0: x0 + cell/2, y0: y1 - cell/2, cell: cell, claimed: make([]bool, w*h)}
	gb := orb.Bound{Min: orb.Point{x0, y1 - float64(h)*cell}, Max: orb.Point{x0 + float64(w)*cell, y1}}
	var polys []orb.MultiPolygon
	for _, b := range m.builtUp {
		if b.bound.Intersects(gb) {
			polys = append(polys, b.xy)
		}
	}
	mask := raster.Rasterize(polys, w, h, orb.Point{g.x0, g.y0}, cell)
	for _, mp := range polys { // keep zones smaller than a cell
		forEdge(mp, func(_, _, _ int, a, _ orb.Point) {
			c, r := int(math.Floor((a[0]-x0)/cell)), int(math.Floor((y1-a[1])/cell))
			if c >= 0 && r >= 0 && c < w && r < h {
				mask[r*w+c] = true
			}
		})
	}
	g.dist = raster.DistanceTransform(mask, w, h, cell, cell)
	if g.dist == nil {
		return nil, fmt.Errorf("kiln: distance transform of %d×%d cells failed", w, h)
	}
	return g, nil
}

// countiesNear returns the indexes of the counties whose plane bounds meet
// b, or [-1] when the model has no counties.
func (m *Model) countiesNear(b orb.Bound) []int {
	if len(m.counties) == 0 {
		return []int{-1}
	}
	var out []int
	for k, c := range m.counties {
		if c.bound.Intersects(b) {
			out = append(out, k)
		}
	}
	return out
}

// fieldValue is the contoured value of grid cell (c, r): the ground
// distance beyond the threshold, clamped to ±clampBand cells, where the
// cell is in the township part of county k and meets the other criteria;
// −clampBand cells elsewhere.
func (m *Model) fieldValue(g *grid, c, r int, inside bool, k int) float64 {
	lo := -clampBand * g.cell
	if !inside {
		return lo
	}
	p := orb.Point{g.x0 + float64(c)*g.cell, g.y0 - float64(r)*g.cell}
	d := float64(g.dist[r*g.w+c]) / m.scale(p)
	v := d - m.crit.MinDistanceM
	if math.Abs(v) <= refineBand*g.cell {
		pd, _, q := m.planarNearest(p)
		v = m.groundDistance(p, q, pd) - m.crit.MinDistanceM
	}
	if v < 0 {
		return max(v, lo)
	}
	if !m.cellMeets(p, k) {
		return lo
	}
	return min(v, clampBand*g.cell)
}

// cellMeets applies the downwind, elevation and slope criteria to plane
// point p in county k (-1: none).
func (m *Model) cellMeets(p orb.Point, k int) bool {
	if m.crit.Downwind {
		ref, north := m.reference(k)
		b := m.bearing(ref, north, p)
		if math.IsNaN(b) || !m.crit.inSector(b) {
			return false
		}
	}
	if !m.crit.needsTerrain() {
		return true
	}
	ll := m.tm.Inverse(p)
	if m.crit.MinElevationM > 0 {
		if e, _, ok := m.terrain.Sample(ll[0], ll[1]); !ok || e < m.crit.MinElevationM {
			return false
		}
	}
	if m.crit.MinSlopeDeg > 0 {
		if s, ok := m.terrain.Slope(ll[0], ll[1]); !ok || s < m.crit.MinSlopeDeg {
			return false
		}
	}
	return true
}

// unproject maps plane polygons back to lon/lat (a copy; xy is kept).
func (m *Model) unproject(xy orb.MultiPolygon) orb.MultiPolygon {
	return project.MultiPolygon(xy.Clone(), m.tm.Inverse)
}
