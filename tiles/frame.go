package tiles

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// maxLat is Web Mercator's latitude limit: the world is square there.
const maxLat = 85.05112877980659

// frame maps lon/lat to the units of one tile and holds the thresholds of
// one rendering, all in tile units.
type frame struct {
	scale   float64   // size of the world in units: extent·2^z
	x0, y0  float64   // the tile's top-left corner in world units
	extent  float64   // tile size in units
	buf     float64   // buffer in units
	clip    orb.Bound // tile plus buffer, in lon/lat
	degTol  float64   // radius in degrees within which vertices are thinned
	degArea float64   // twice the triangle area in degrees² below which vertices are thinned
	tol     float64   // Douglas–Peucker tolerance in units; 0: off
	sigThr2 float64   // (tol in Web Mercator unit-square units)², −1 when off
	minArea float64   // polygons with a smaller bounding box are dropped
	minLen  float64   // lines with a shorter bounding-box diagonal are dropped
	ycheb   ycheb     // fast y for latitudes in the clip box, when ok
	ycalls  int       // calls of y so far; the fit is made at yFitAfter
	zoom    int       // the tile's zoom
	spec    levelSpec // the options levels must have been drawn with
	levels  bool      // the zone being drawn has levels drawn with spec

	scratch
}

// scratch holds the buffers of one rendering: reused from ring to ring,
// and from rendering to rendering through the Renderer's idle frames.
type scratch struct {
	scratchA, scratchB, scratchC, scratchP []orb.Point
	dp                                     simplifier
	geom                                   geomWriter // the feature being drawn
	tile                                   *tileWriter
	// arena backs the output rings and lines. They are only read until
	// the tile is marshalled, so the next rendering may overwrite them.
	arena []orb.Point
	// zones are the zones the tile meets; layerIDs the query's layers.
	zones    []zoneData
	layerIDs []string
}

// alloc returns an empty slice with room for n points, carved from the
// arena (a full slice expression, so appends beyond n never spill into a
// neighbour).
func (s *scratch) alloc(n int) []orb.Point {
	if len(s.arena)+n > cap(s.arena) {
		s.arena = make([]orb.Point, 0, max(2*cap(s.arena), n, 4096))
	}
	k := len(s.arena)
	s.arena = s.arena[:k+n]
	return s.arena[k : k : k+n]
}

// newFrame prepares the rendering of tile t with options o (defaults
// applied).
func newFrame(t maptile.Tile, o Options) *frame {
	f := &frame{}
	f.reset(t, o)
	return f
}

// reset readies f for the rendering of tile t with options o (defaults
// applied), as newFrame would, keeping its scratch buffers.
func (f *frame) reset(t maptile.Tile, o Options) {
	e := float64(o.Extent)
	perPx := e / tilePixels
	*f = frame{
		scale:   e * math.Exp2(float64(t.Z)),
		x0:      float64(t.X) * e,
		y0:      float64(t.Y) * e,
		extent:  e,
		buf:     o.Buffer * perPx,
		zoom:    int(t.Z),
		spec:    specOf(o),
		scratch: f.scratch,
	}
	f.sigThr2 = -1
	if o.SimplifyPx > 0 {
		f.tol = o.SimplifyPx * perPx
		f.sigThr2 = (f.tol / f.scale) * (f.tol / f.scale)
	}
	f.minArea = (o.MinFeaturePx * perPx) * (o.MinFeaturePx * perPx)
	f.minLen = o.MinFeaturePx * perPx
	f.clip = orb.Bound{
		Min: orb.Point{f.lon(f.x0 - f.buf), f.lat(f.y0 + e + f.buf)},
		Max: orb.Point{f.lon(f.x0 + e + f.buf), f.lat(f.y0 - f.buf)},
	}
	// One unit of y spans 360·cos φ / scale degrees of latitude and one
	// unit of x 360/scale degrees of longitude, so two vertices closer
	// than tol·360·cos φmax / scale degrees are closer than tol units
	// anywhere in the tile (φmax: the latitude farthest from the equator).
	if f.tol > 0 {
		phi := math.Max(math.Abs(f.clip.Min[1]), math.Abs(f.clip.Max[1]))
		cos := math.Cos(phi * math.Pi / 180)
		f.degTol = f.tol * 360 * cos / f.scale
		// A triangle of A square degrees covers at most A·(scale/360)²/cos φmax
		// square units. thinArea is in units², and degArea holds twice the
		// bound so it compares with a cross product directly.
		f.degArea = 2 * thinArea(f.tol) * cos * (360 / f.scale) * (360 / f.scale)
	}
}

// lon returns the longitude of world x (units).
func (f *frame) lon(x float64) float64 { return x/f.scale*360 - 180 }

// lat returns the latitude of world y (units), clamped to ±maxLat.
func (f *frame) lat(y float64) float64 {
	n := math.Pi * (1 - 2*y/f.scale)
	return clamp(math.Atan(math.Sinh(n))*180/math.Pi, -maxLat, maxLat)
}

// x returns the tile x (units, not rounded) of a longitude.
func (f *frame) x(lon float64) float64 { return (lon/360+0.5)*f.scale - f.x0 }

// yFitAfter is the number of projections after which a frame fits y
// (see fitY): the fit costs about 30 exact projections, so tiles with few
// vertices never make it.
const yFitAfter = 64

// y returns the tile y (units, not rounded) of a latitude; y grows
// southwards. Within the clip box it evaluates the frame's fitted
// polynomial when there is one (see fitY).
func (f *frame) y(lat float64) float64 {
	if c := &f.ycheb; c.ok {
		if lat >= c.lo && lat <= c.hi {
			return c.eval(lat)
		}
	} else if f.ycalls++; f.ycalls == yFitAfter {
		f.ycheb = fitY(f, f.clip.Min[1], f.clip.Max[1])
	}
	return f.yExact(lat)
}

// yExact returns the tile y of a latitude by the Mercator formula.
func (f *frame) yExact(lat float64) float64 {
	s := math.Sin(clamp(lat, -maxLat, maxLat) * math.Pi / 180)
	return (0.5-math.Log((1+s)/(1-s))/(4*math.Pi))*f.scale - f.y0
}

// project returns p in tile units, not rounded.
func (f *frame) project(p orb.Point) orb.Point { return orb.Point{f.x(p[0]), f.y(p[1])} }

// area returns the area in square units of the lon/lat bound b.
func (f *frame) area(b orb.Bound) float64 {
	return (b.Max[0] - b.Min[0]) * f.scale / 360 * (f.y(b.Min[1]) - f.y(b.Max[1]))
}

// diagonal returns the length in units of the diagonal of the lon/lat
// bound b.
func (f *frame) diagonal(b orb.Bound) float64 {
	return math.Hypot((b.Max[0]-b.Min[0])*f.scale/360, f.y(b.Min[1])-f.y(b.Max[1]))
}

// within reports whether b lies inside the clip box, so clipping can be
// skipped.
func (f *frame) within(b orb.Bound) bool {
	return b.Min[0] >= f.clip.Min[0] && b.Max[0] <= f.clip.Max[0] &&
		b.Min[1] >= f.clip.Min[1] && b.Max[1] <= f.clip.Max[1]
}

// covers reports whether b contains the whole clip box.
func (f *frame) covers(b orb.Bound) bool {
	return b.Min[0] <= f.clip.Min[0] && b.Max[0] >= f.clip.Max[0] &&
		b.Min[1] <= f.clip.Min[1] && b.Max[1] >= f.clip.Max[1]
}

// thinArea is the area in square units of the triangle a vertex makes
// with its neighbours below which thinning drops it: twice the square of
// the simplification tolerance, half a square pixel by default.
func thinArea(tol float64) float64 { return 2 * tol * tol }

// thinProject appends to dst the points of pts in tile units and returns
// dst. It leaves out every vertex within the tolerance of the last vertex
// kept, and every vertex whose triangle with the last vertex kept and the
// next vertex covers less than thinArea: a sub-pixel wiggle or a
// hair-thin spike, invisible at this zoom. The first and last points are
// always kept. Thinning in lon/lat before projecting saves a logarithm per
// dropped vertex and shortens the Douglas–Peucker pass that follows; at
// low zoom it drops most vertices.
func (f *frame) thinProject(dst, pts []orb.Point) []orb.Point {
	n := len(pts)
	if n == 0 {
		return dst
	}
	last := pts[0]
	dst = append(dst, f.project(last))
	r2, a2 := f.degTol*f.degTol, f.degArea
	for i := 1; i < n-1; i++ {
		p, next := pts[i], pts[i+1]
		dx, dy := p[0]-last[0], p[1]-last[1]
		if dx*dx+dy*dy < r2 {
			continue
		}
		if cross := dx*(next[1]-last[1]) - dy*(next[0]-last[0]); cross < a2 && cross > -a2 {
			continue
		}
		dst = append(dst, f.project(p))
		last = p
	}
	if n > 1 {
		dst = append(dst, f.project(pts[n-1]))
	}
	return dst
}

// snap returns the integer grid point nearest p, clamped to the buffered
// tile so no coordinate ever leaves [-buffer, extent+buffer].
func (f *frame) snap(p orb.Point) orb.Point {
	lo, hi := -f.buf, f.extent+f.buf
	return orb.Point{clamp(math.Round(p[0]), lo, hi), clamp(math.Round(p[1]), lo, hi)}
}

// clamp limits v to [lo, hi]. (math.Max and math.Min handle NaN and
// signed zeros and cost several times more.)
func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
