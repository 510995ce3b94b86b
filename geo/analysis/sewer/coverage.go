package sewer

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"github.com/zonegate/zonegate/geo/contour"
	"github.com/zonegate/zonegate/geo/crs"
)

// CountyCoverage is the result for one county.
type CountyCoverage struct {
	County, Name string
	// BuiltUpKM2 is the area of the county's built-up polygons.
	BuiltUpKM2 float64
	// CoveredKM2 is the part of the built-up area within the service
	// distance of any sewer line (of any county); CoveredPct is it as a
	// percentage of BuiltUpKM2 (0 without built-up area), at most 100.
	CoveredKM2, CoveredPct float64
	// CombinedKM, SeparateKM and UnknownKM are the lengths of the sewer
	// lines of each system inside the county's built-up area (lines are
	// clipped to it), in km measured in the metric plane.
	CombinedKM, SeparateKM, UnknownKM float64
	// CombinedLines and SeparateLines count the lines of each system with
	// a positive length inside the built-up area.
	CombinedLines, SeparateLines int
	// ConversionRate is SeparateKM / (CombinedKM + SeparateKM), 0 when
	// both are 0.
	ConversionRate float64
	// Target is the county's conversion-rate target; MeetsTarget is
	// ConversionRate ≥ Target with some classified sewer present.
	Target      float64
	MeetsTarget bool
	// Area is the service area (within the service distance of any line)
	// inside the county boundary, valid polygons in lon/lat; AreaKM2 its
	// area. Empty when no line comes within the service distance.
	Area    orb.MultiPolygon
	AreaKM2 float64
}

// Totals sums the counties.
type Totals struct {
	BuiltUpKM2, CoveredKM2, CoveredPct float64
	CombinedKM, SeparateKM, UnknownKM  float64
	ConversionRate                     float64
	CountiesMeetingTarget              int
}

// Result is the outcome of Coverage.
type Result struct {
	ServiceM, CellM float64
	// Plane is the metric projection used (see PlaneFor).
	Plane    crs.TM
	Counties []CountyCoverage // in the order of the input
	Total    Totals
}

// Coverage computes the sewer service area and the statistics of every
// county (see the package documentation for the method). Lines of all
// counties serve every county: a line across a border covers both sides.
// It fails, wrapping geo.ErrInvalid, for invalid options, and with a
// *CellsError when the analysis windows of all counties together would
// exceed Options.MaxCells.
func Coverage(lines []Line, counties []County, o Options) (Result, error) {
	return CoverageContext(context.Background(), lines, counties, o)
}

// CoverageContext is Coverage, stopping with ctx's error when ctx ends:
// it checks ctx between counties and every row of the grid loops. The
// number of cells is checked against Options.MaxCells before any grid is
// allocated.
func CoverageContext(ctx context.Context, lines []Line, counties []County, o Options) (Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Result{}, err
	}
	tm := PlaneFor(linesBound(lines))
	if len(lines) == 0 && len(counties) > 0 {
		tm = PlaneFor(counties[0].Boundary.Bound())
	}
	segs := planeSegments(tm, lines)
	e := engine{o: o, tm: tm, lines: lines, segs: segs, idx: newSegIndex(segs)}
	if cells := e.cells(counties); cells > float64(o.MaxCells) {
		return Result{}, &CellsError{Cells: cells, Limit: o.MaxCells, ServiceM: o.ServiceM, CellM: o.CellM}
	}
	res := Result{ServiceM: o.ServiceM, CellM: o.CellM, Plane: tm}
	for i, c := range counties {
		if o.Progress != nil {
			o.Progress(i, len(counties))
		}
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		cc, err := e.county(ctx, c)
		if err != nil {
			return Result{}, fmt.Errorf("sewer: county %s: %w", c.ID, err)
		}
		res.Counties = append(res.Counties, cc)
	}
	if o.Progress != nil {
		o.Progress(len(counties), len(counties))
	}
	res.Total = total(res.Counties)
	return res, nil
}

// engine holds what every county's analysis shares.
type engine struct {
	o     Options
	tm    crs.TM
	lines []Line
	segs  []segment
	idx   *segIndex
}

// cells returns the number of grid samples the analysis of counties
// needs: the sum of their windows' sizes.
func (e *engine) cells(counties []County) float64 {
	var n float64
	for _, c := range counties {
		boundary := project.MultiPolygon(c.Boundary.Clone(), e.tm.Forward)
		if b, ok := e.windowBound(boundary.Bound()); ok {
			n += windowCells(b, e.o.CellM)
		}
	}
	return n
}

// county analyses one county.
func (e *engine) county(ctx context.Context, c County) (CountyCoverage, error) {
	cc := CountyCoverage{County: c.ID, Name: c.Name, Target: e.o.target(c.ID)}
	boundary := project.MultiPolygon(c.Boundary.Clone(), e.tm.Forward)
	builtUp := project.MultiPolygon(c.BuiltUp.Clone(), e.tm.Forward)
	cc.BuiltUpKM2 = planarAreaM2(builtUp) / 1e6
	e.lengths(&cc, builtUp)

	win, ok, err := e.window(boundary.Bound())
	if err != nil || !ok {
		return cc, err
	}
	dist, err := win.distanceField(ctx, e.near(win.bound()), e.idx, e.o.ServiceM)
	if err != nil {
		return cc, err
	}
	f := contour.Field{W: win.w, H: win.h, X0: win.x0, Y0: win.y0, DX: win.cell, DY: win.cell,
		Values: make([]float32, len(dist))}
	// Service area inside the county: max(distance − service, signed
	// distance to the boundary) < 0.
	clip, err := win.signedField(ctx, boundary)
	if err != nil {
		return cc, err
	}
	clipMax(f.Values, dist, float32(e.o.ServiceM), clip)
	simplify := max(e.o.SimplifyM, 0)
	area, err := contour.Below(f, 0, contour.Options{SimplifyTolerance: simplify})
	if err != nil {
		return cc, fmt.Errorf("trace service area: %w", err)
	}
	cc.AreaKM2 = planarAreaM2(area) / 1e6
	cc.Area = project.MultiPolygon(area.Clone(), e.tm.Inverse)
	if len(builtUp) > 0 {
		clip, err := win.signedField(ctx, builtUp)
		if err != nil {
			return cc, err
		}
		clipMax(f.Values, dist, float32(e.o.ServiceM), clip)
		covered, err := contour.Below(f, 0, contour.Options{})
		if err != nil {
			return cc, fmt.Errorf("trace covered built-up area: %w", err)
		}
		cc.CoveredKM2 = planarAreaM2(covered) / 1e6
	}
	if cc.BuiltUpKM2 > 0 {
		cc.CoveredPct = min(100, 100*cc.CoveredKM2/cc.BuiltUpKM2)
	}
	return cc, nil
}

// clipMax sets dst[i] = max(dist[i] − service, clip[i]).
func clipMax(dst, dist []float32, service float32, clip []float32) {
	for i := range dst {
		dst[i] = max(dist[i]-service, clip[i])
	}
}

// window returns the grid for a county whose boundary has bound b (metric):
// the part of b within the service distance of some line, grown by the
// service distance and a few cells so that lines just outside it are
// rasterised too. ok is false when no line comes that close.
func (e *engine) window(b orb.Bound) (window, bool, error) {
	wb, ok := e.windowBound(b)
	if !ok {
		return window{}, false, nil
	}
	w, err := newWindow(wb, e.o.CellM)
	return w, err == nil, err
}

// windowBound returns the bound of window(b)'s samples; ok is false when no
// line comes close enough to b.
func (e *engine) windowBound(b orb.Bound) (orb.Bound, bool) {
	reach := e.o.ServiceM + (refineCells+2)*e.o.CellM
	var lb orb.Bound
	found := false
	for _, s := range e.near(b.Pad(reach)) {
		mn, mx := s.bound()
		sb := orb.Bound{Min: mn, Max: mx}
		if !found {
			lb, found = sb, true
		} else {
			lb = lb.Union(sb)
		}
	}
	if !found {
		return orb.Bound{}, false
	}
	lb = lb.Pad(reach)
	in := orb.Bound{
		Min: orb.Point{math.Max(lb.Min[0], b.Min[0]), math.Max(lb.Min[1], b.Min[1])},
		Max: orb.Point{math.Min(lb.Max[0], b.Max[0]), math.Min(lb.Max[1], b.Max[1])},
	}
	if in.Min[0] > in.Max[0] || in.Min[1] > in.Max[1] {
		return orb.Bound{}, false
	}
	return in.Pad(reach), true
}

// near returns the segments whose boxes meet b.
func (e *engine) near(b orb.Bound) []segment {
	var out []segment
	e.idx.tree.Search(b.Min, b.Max, func(_, _ [2]float64, i int32) bool {
		out = append(out, e.segs[i])
		return true
	})
	return out
}

// lengths fills the per-system lengths and line counts inside builtUp.
func (e *engine) lengths(cc *CountyCoverage, builtUp orb.MultiPolygon) {
	if len(builtUp) == 0 {
		return
	}
	b := builtUp.Bound()
	perLine := make(map[int]float64)
	for _, s := range e.near(b) {
		if l := insideLength(s, builtUp, b); l > 0 {
			perLine[s.line] += l
		}
	}
	for _, i := range slices.Sorted(maps.Keys(perLine)) { // fixed summation order
		l := perLine[i]
		switch e.lines[i].System {
		case SystemCombined:
			cc.CombinedKM += l / 1000
			cc.CombinedLines++
		case SystemSeparate:
			cc.SeparateKM += l / 1000
			cc.SeparateLines++
		default:
			cc.UnknownKM += l / 1000
		}
	}
	if sum := cc.CombinedKM + cc.SeparateKM; sum > 0 {
		cc.ConversionRate = cc.SeparateKM / sum
		cc.MeetsTarget = cc.ConversionRate >= cc.Target
	}
}

// total sums the counties.
func total(cs []CountyCoverage) Totals {
	var t Totals
	for _, c := range cs {
		t.BuiltUpKM2 += c.BuiltUpKM2
		t.CoveredKM2 += c.CoveredKM2
		t.CombinedKM += c.CombinedKM
		t.SeparateKM += c.SeparateKM
		t.UnknownKM += c.UnknownKM
		if c.MeetsTarget {
			t.CountiesMeetingTarget++
		}
	}
	if t.BuiltUpKM2 > 0 {
		t.CoveredPct = min(100, 100*t.CoveredKM2/t.BuiltUpKM2)
	}
	if sum := t.CombinedKM + t.SeparateKM; sum > 0 {
		t.ConversionRate = t.SeparateKM / sum
	}
	return t
}
