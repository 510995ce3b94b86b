package relief

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// TileSize is the width and height of a hillshade tile in pixels.
const TileSize = 256

// Defaults of Options.
const (
	DefaultAzimuthDeg  = 315 // sun from the north-west, the cartographic convention
	DefaultAltitudeDeg = 45
)

// Options tunes a Renderer. Zero values mean the defaults.
type Options struct {
	// AzimuthDeg is the sun's compass bearing for hillshading, degrees
	// clockwise from north. 0 means DefaultAzimuthDeg (use 360 for a sun
	// due north).
	AzimuthDeg float64
	// AltitudeDeg is the sun's height above the horizon in degrees, in
	// (0, 90]. 0 means DefaultAltitudeDeg.
	AltitudeDeg float64
	// ZFactor exaggerates heights; 0 means 1 (true relief).
	ZFactor float64
}

// Renderer renders hillshade and contour tiles from a DEM set. Create it
// with NewRenderer; it is safe for concurrent use.
type Renderer struct {
	dems        terrain.DEMSet
	bound       orb.Bound
	covered     bool
	o           Options
	fingerprint string
	pngBuffers  pngPool
}

// NewRenderer returns a renderer over dems (which must not change while
// the renderer is in use) with options o.
func NewRenderer(dems terrain.DEMSet, o Options) *Renderer {
	if o.AzimuthDeg == 0 {
		o.AzimuthDeg = DefaultAzimuthDeg
	}
	if o.AltitudeDeg == 0 {
		o.AltitudeDeg = DefaultAltitudeDeg
	}
	if o.ZFactor == 0 {
		o.ZFactor = 1
	}
	r := &Renderer{dems: dems, o: o}
	r.bound, r.covered = dems.Bounds()
	h := fnv.New64a()
	for _, d := range dems {
		if d.Grid == nil {
			continue
		}
		g := d.Grid
		fmt.Fprintf(h, "%s|%d|%d|%g|%g|%g|%g|", d.Name, g.Width, g.Height, g.X0, g.Y0, g.DX, g.DY)
	}
	var names []string
	for _, d := range dems {
		names = append(names, d.Name)
	}
	r.fingerprint = fmt.Sprintf("%s#%x|%g/%g/%g", strings.Join(names, ","), h.Sum64(), o.AzimuthDeg, o.AltitudeDeg, o.ZFactor)
	return r
}

// Fingerprint identifies the DEMs (names and geometry) and options the
// renderer draws with: equal fingerprints render equal tiles. Use it in
// cache keys and ETags.
func (r *Renderer) Fingerprint() string { return r.fingerprint }

// Bounds returns the union of the DEMs' sample bounds, and false when the
// renderer has no DEM.
func (r *Renderer) Bounds() (orb.Bound, bool) { return r.bound, r.covered }

// Covers reports whether tile t intersects the DEMs' bounds, i.e. whether
// rendering it may draw anything.
func (r *Renderer) Covers(t maptile.Tile) bool {
	return r.covered && t.Bound().Intersects(r.bound)
}

// lattice is a regular grid of sample points in a tile's pixel space:
// sample (i, j) is at pixel position (origin + i·step, origin + j·step),
// where pixel space spans [0, size) over the tile, x east, y south.
type lattice struct {
	t      maptile.Tile
	n      int     // samples per side
	origin float64 // pixel position of sample 0 (may be negative: a margin)
	step   float64 // pixels between samples
	size   float64 // pixels per tile side
	lons   []float64
	lats   []float64
}

func newLattice(t maptile.Tile, n int, origin, step, size float64) *lattice {
	l := &lattice{t: t, n: n, origin: origin, step: step, size: size, lons: make([]float64, n), lats: make([]float64, n)}
	world := size * math.Exp2(float64(t.Z))
	for i := range n {
		p := origin + float64(i)*step
		x := (float64(t.X)*size + p) / world
		y := (float64(t.Y)*size + p) / world
		l.lons[i] = x*360 - 180
		l.lats[i] = math.Atan(math.Sinh(math.Pi*(1-2*y))) * 180 / math.Pi
	}
	return l
}

// sample fills a row-major n×n slice with the elevations at the lattice's
// points, NaN where no DEM has data.
func (r *Renderer) sample(l *lattice, out []float32) {
	nan := float32(math.NaN())
	// Only the DEMs that meet the lattice's bound are asked.
	b := orb.Bound{Min: orb.Point{l.lons[0], l.lats[l.n-1]}, Max: orb.Point{l.lons[l.n-1], l.lats[0]}}
	var dems terrain.DEMSet
	for _, d := range r.dems {
		if d.Grid != nil && d.Grid.Bounds().Intersects(b) {
			dems = append(dems, d)
		}
	}
	for j := range l.n {
		lat := l.lats[j]
		row := out[j*l.n : (j+1)*l.n]
		for i := range l.n {
			if v, _, ok := dems.Sample(l.lons[i], lat); ok {
				row[i] = float32(v)
			} else {
				row[i] = nan
			}
		}
	}
}

// pngPool recycles the PNG encoder's compression buffers, which are large
// (the deflate state is several hundred KiB).
type pngPool struct{ p sync.Pool }
