package relief

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/contour"
)

// ContourLayer is the name of the MVT layer of contour tiles. Its
// features are LineStrings or MultiLineStrings (one feature per level)
// with properties elevation_m (number) and major (bool).
const ContourLayer = "contours"

// Contour tile geometry: MVT extent, lattice cells per tile side and the
// margin in cells sampled beyond each edge (64 extent units, MapLibre's
// default tile buffer), so lines run on past the edge and join up with
// the neighbouring tile's.
const (
	contourExtent = 4096
	contourCells  = 128
	contourMargin = 2
)

// MajorEvery is how many contour intervals separate major contours: a
// level that is a multiple of MajorEvery × the interval is major.
const MajorEvery = 5

// ContourInterval returns the contour interval in metres drawn at zoom z:
// 200 m below zoom 10, 100 m at 10–11, 50 m at 12–13, 25 m from 14.
func ContourInterval(z maptile.Zoom) float64 {
	switch {
	case z < 10:
		return 200
	case z < 12:
		return 100
	case z < 14:
		return 50
	default:
		return 25
	}
}

// Contours renders tile t as a Mapbox Vector Tile with one layer,
// ContourLayer: the contour lines of the DEMs at every multiple of
// ContourInterval(t.Z), traced by marching squares (geo/contour) on a
// 128×128-cell lattice over the tile in its pixel space, plus a two-cell
// margin. Lines end where DEM data ends. A tile without any line is nil
// (nothing to draw).
func (r *Renderer) Contours(t maptile.Tile) ([]byte, error) {
	if !r.Covers(t) {
		return nil, nil
	}
	const n = contourCells + 2*contourMargin + 1
	step := float64(contourExtent) / contourCells
	origin := -contourMargin * step
	l := newLattice(t, n, origin, step, contourExtent)
	z := make([]float32, n*n)
	r.sample(l, z)
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range z {
		if v == v {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo > hi {
		return nil, nil
	}
	// The field's y axis points north: row j is at y = −(origin + j·step).
	f := contour.Field{W: n, H: n, Values: z, X0: origin, Y0: -origin, DX: step, DY: step}
	interval := ContourInterval(t.Z)
	fc := geojson.NewFeatureCollection()
	for k := math.Ceil(float64(lo) / interval); k*interval <= float64(hi); k++ {
		level := k * interval
		var mls orb.MultiLineString
		for _, ls := range contour.Isolines(f, level) {
			if ls = toTileCoords(ls); len(ls) >= 2 {
				mls = append(mls, ls)
			}
		}
		if len(mls) == 0 {
			continue
		}
		var g orb.Geometry = mls
		if len(mls) == 1 {
			g = mls[0]
		}
		ft := geojson.NewFeature(g)
		ft.Properties["elevation_m"] = level
		ft.Properties["major"] = math.Mod(k, MajorEvery) == 0
		fc.Append(ft)
	}
	if len(fc.Features) == 0 {
		return nil, nil
	}
	layer := &mvt.Layer{Name: ContourLayer, Version: 2, Extent: contourExtent, Features: fc.Features}
	b, err := mvt.Marshal(mvt.Layers{layer})
	if err != nil {
		return nil, fmt.Errorf("contour tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return b, nil
}

// toTileCoords maps a line from field space (x east, y north) to integer
// MVT tile coordinates (y south), in place, dropping repeated points.
func toTileCoords(ls orb.LineString) orb.LineString {
	out := ls[:0]
	for _, p := range ls {
		q := orb.Point{math.Round(p[0]), math.Round(-p[1])}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	return out
}
