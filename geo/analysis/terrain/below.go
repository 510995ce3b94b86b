package terrain

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/contour"
	"github.com/zonegate/zonegate/geo/raster"
)

// DefaultSimplifyM is the simplification tolerance BelowLevel uses when
// Options.SimplifyM is 0: 15 m, a sixth of a 3″ cell.
const DefaultSimplifyM = 15

// ErrNotCovered is wrapped by the error BelowLevel returns when the DEM
// does not cover a clip zone's bounding box, so a partial DEM cannot
// silently shrink an area.
var ErrNotCovered = errors.New("terrain: DEM does not cover the zone")

// Options tunes BelowLevel.
type Options struct {
	// SimplifyM is the Douglas–Peucker tolerance for the output rings and
	// lines, in metres. 0 means DefaultSimplifyM; a negative value keeps
	// every traced vertex. Polygon simplification never makes a result
	// invalid (a ring that would become invalid is kept as traced).
	SimplifyM float64
	// Progress, if set, is called on the calling goroutine with the number
	// of DEM rows traced so far over all clip zones and their total, ending
	// with (total, total).
	Progress func(done, total int)
}

// Area is the part of one clip zone below the level.
type Area struct {
	ClipLayer, ClipID, ClipName string
	// AreaKM2 is the area of Polygons in km² (see AreaKM2).
	AreaKM2 float64
	// Polygons is the area below the level inside the clip zone: valid
	// polygons with holes, shells counter-clockwise; nil when none of the
	// zone is below the level.
	Polygons orb.MultiPolygon
	// Lines are the contour lines at the level inside the clip zone, with
	// lower ground on their left; closed lines repeat their first point.
	// Lines end where they leave the zone.
	Lines orb.MultiLineString
}

// Result holds one Area per clip zone, in the order of the clip zones.
type Result struct {
	Areas []Area
}

// TotalKM2 returns the sum of the areas.
func (r Result) TotalKM2() float64 {
	var s float64
	for _, a := range r.Areas {
		s += a.AreaKM2
	}
	return s
}

// BelowLevel computes, for every clip zone, the area where dem is below
// level (value < level; a sample exactly at the level is not below) and
// the contour line at level, both clipped to the zone (see the package
// documentation for the method and its one-cell precision at the zone's
// edge). dem must be a geographic (lon/lat) grid; its voids count as
// neither below nor above. Clip zones must have Polygon or MultiPolygon
// geometry (an error wrapping geo.ErrInvalid otherwise) and lie within the
// DEM's sample bounds (an error wrapping ErrNotCovered otherwise).
func BelowLevel(dem *raster.Grid, level float64, clips []*geo.Zone, o Options) (Result, error) {
	if dem == nil || dem.Width < 2 || dem.Height < 2 || len(dem.Data) != dem.Width*dem.Height {
		return Result{}, fmt.Errorf("terrain: below %g m: %w: DEM is missing or smaller than 2×2 samples", level, raster.ErrFormat)
	}
	if math.IsNaN(level) || math.IsInf(level, 0) {
		return Result{}, fmt.Errorf("%w: level %g is not finite", geo.ErrInvalid, level)
	}
	windows := make([]window, len(clips))
	total := 0
	for i, z := range clips {
		w, err := clipWindow(dem, z)
		if err != nil {
			return Result{}, fmt.Errorf("terrain: clip zone %s/%s: %w", zoneLayer(z), zoneID(z), err)
		}
		windows[i] = w
		total += max(0, w.field.H-1)
	}
	tolM := o.SimplifyM
	if tolM == 0 {
		tolM = DefaultSimplifyM
	}
	res := Result{Areas: make([]Area, len(clips))}
	done := 0
	for i, z := range clips {
		w := windows[i]
		a := Area{ClipLayer: z.Layer, ClipID: z.ID, ClipName: z.Name}
		if w.field.W >= 2 && w.field.H >= 2 {
			tol := 0.0
			if tolM > 0 {
				tol = tolM / metresPerDegreeLat(w.centreLat)
			}
			co := contour.Options{SimplifyTolerance: tol}
			if o.Progress != nil {
				base := done
				co.Progress = func(d, _ int) { o.Progress(base+d, total) }
			}
			mp, err := contour.Below(w.field, level, co)
			if err != nil {
				return Result{}, fmt.Errorf("terrain: clip zone %s/%s: %w", z.Layer, z.ID, err)
			}
			a.Polygons = mp
			a.AreaKM2 = AreaKM2(mp)
			a.Lines = isolines(w.field, level, tol)
			done += w.field.H - 1
		}
		res.Areas[i] = a
	}
	if o.Progress != nil {
		o.Progress(total, total)
	}
	return res, nil
}

// isolines traces the contour lines of f at level and simplifies each by
// Douglas–Peucker with tolerance tol (degrees; 0 keeps all vertices),
// dropping lines left with fewer than two distinct points.
func isolines(f contour.Field, level, tol float64) orb.MultiLineString {
	var out orb.MultiLineString
	for _, ls := range contour.Isolines(f, level) {
		if tol > 0 {
			ls = simplify.DouglasPeucker(tol).LineString(ls)
		}
		if distinctPoints(ls) {
			out = append(out, ls)
		}
	}
	return out
}

// distinctPoints reports whether ls has at least two different points.
func distinctPoints(ls orb.LineString) bool {
	for _, p := range ls[min(1, len(ls)):] {
		if p != ls[0] {
			return true
		}
	}
	return false
}

// metresPerDegreeLat is the length of one degree of latitude at lat on the
// GRS80 ellipsoid: the meridian radius of curvature times π/180.
func metresPerDegreeLat(lat float64) float64 {
	const a, f = 6378137.0, 1 / 298.257222101
	e2 := f * (2 - f)
	s := math.Sin(lat * math.Pi / 180)
	m := a * (1 - e2) / math.Pow(1-e2*s*s, 1.5)
	return m * math.Pi / 180
}

func zoneLayer(z *geo.Zone) string {
	if z == nil {
		return "?"
	}
	return z.Layer
}

func zoneID(z *geo.Zone) string {
	if z == nil {
		return "?"
	}
	return z.ID
}
