package tiles

import (
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// runLen is the number of edges one run box covers. Run i of a ring of n
// points spans the points [i·runLen, min((i+1)·runLen, n−1)], so
// consecutive runs share their end point and every edge lies in exactly
// one run. 32 edges per box costs one box (32 bytes) per 32 points
// (512 bytes of coordinates), about 6 %.
const runLen = 32

// preparedRing is what tiles keep about one ring of a polygon zone: its
// bounding box, so a tile need not measure the ring, the boxes of its
// runs, so clipping can step over whole runs that lie off the tile, and
// for large rings each point's significance, so no tile runs
// Douglas–Peucker on it.
type preparedRing struct {
	bound orb.Bound
	runs  []orb.Bound // nil for rings of at most runLen edges
	sig   []float32   // nil for rings of at most sigMinEdges edges
	// levels[z] is the ring drawn for zoom z, for the zooms where that
	// saves vertices (see buildLevels); nil without sig.
	levels []level
}

// preparedZone holds one preparedRing per ring of each polygon of a
// Polygon or MultiPolygon zone, in order (none for other zones), and the
// zone's feature properties as appendProps makes them (they depend on the
// zone only).
type preparedZone struct {
	polygons [][]preparedRing
	spec     levelSpec // what the rings' levels were drawn with
	props    []prop    // sorted by key; never modified
	propsErr error     // appendProps' error, returned when the zone is drawn
	bytes    int64     // approximate memory, counted against the cache bound
}

// propBytes approximates the memory of one cached property beyond its
// string value: the prop and its slot.
const propBytes = 56

// prepareZone returns the prepared rings of z, with levels drawn for
// options o (defaults applied), none when z is not a polygon zone, and
// its feature properties.
func prepareZone(z *geo.Zone, o Options) *preparedZone {
	var polys []orb.Polygon
	switch g := z.Geometry.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	pz := &preparedZone{spec: specOf(o), bytes: 64}
	if !hasLargeRing(z.Geometry) {
		polys = nil // small rings are measured on the spot (ringAt), as cheaply
	}
	pz.polygons = make([][]preparedRing, len(polys))
	for i, p := range polys {
		rs := make([]preparedRing, len(p))
		for k, r := range p {
			rs[k] = prepareRingFor(r, k == 0, pz.spec)
			pz.bytes += 104 + 32*int64(len(rs[k].runs)) + 4*int64(len(rs[k].sig)) + levelBytes(rs[k].levels)
		}
		pz.polygons[i] = rs
	}
	pz.props, pz.propsErr = appendProps(nil, z)
	pz.props = slices.Clip(pz.props)
	for _, p := range pz.props {
		pz.bytes += propBytes + int64(len(p.val.s)) // strings shared with the zone counted too: an upper bound
	}
	return pz
}

// Derive is the index.Deriver that gives a Renderer its per-zone data
// when a zone is indexed rather than on the first tile that meets it:
// index.New(index.WithDeriver(tiles.Derive)). It keeps data for the zones
// worth it (worthPreparing): rings of more than runLen edges, with their
// run boxes and, for large rings, significance and levels drawn for the
// default Options (about 0.5 ms per 1,000 vertices), and the properties
// of zones with their own properties or a validity. Every other zone a
// Renderer draws on the spot, as cheaply as it would read prepared data,
// so no first tile prepares anything: 40,000 small parcels prepared by
// the first z8 tile that met them made it 1.7 times a warm one. A
// Renderer with other options prepares zones itself into its bounded
// cache.
func Derive(z *geo.Zone) (any, int64) {
	if !worthPreparing(z) {
		return nil, 0
	}
	pz := prepareZone(z, Options{}.withDefaults())
	return pz, pz.bytes
}

// worthPreparing reports whether keeping z's prepared data saves tiles
// work: a ring of more than runLen edges (run boxes to skip, significance
// and levels to draw from), properties of its own (a map to walk and
// values to sort) or a validity (dates to format). A small zone with none
// of these costs a tile a bounding box and five properties, no more than
// reading prepared data, which would take some 500 bytes a zone.
func worthPreparing(z *geo.Zone) bool {
	if hasLargeRing(z.Geometry) || !z.Validity.From.IsZero() || !z.Validity.To.IsZero() {
		return true
	}
	for k := range z.Properties {
		switch k {
		case PropID, PropName, PropKind, PropLayer, PropVersion: // replaced by the zone's own fields
		default:
			return true
		}
	}
	return false
}

// hasLargeRing reports whether g is a Polygon or MultiPolygon with a ring
// of more than runLen edges.
func hasLargeRing(g orb.Geometry) bool {
	large := func(p orb.Polygon) bool {
		for _, r := range p {
			if len(r)-1 > runLen {
				return true
			}
		}
		return false
	}
	switch g := g.(type) {
	case orb.Polygon:
		return large(g)
	case orb.MultiPolygon:
		for _, p := range g {
			if large(p) {
				return true
			}
		}
	}
	return false
}

// prepareRing measures r and its runs, and ranks the points of a large
// ring by significance. An empty ring has a zero bound and no runs;
// callers skip empty rings before using either.
func prepareRing(r orb.Ring) preparedRing { return prepareRingFor(r, false, levelSpec{}) }

// prepareRingFor is prepareRing that also draws the levels of a large
// ring (an exterior ring when shell) for spec; none for the zero spec.
func prepareRingFor(r orb.Ring, shell bool, spec levelSpec) preparedRing {
	n := len(r)
	if n == 0 {
		return preparedRing{}
	}
	pr := preparedRing{bound: boundOf(r)}
	if n-1 <= runLen {
		return pr
	}
	pr.runs = make([]orb.Bound, 0, (n-2)/runLen+1)
	for s := 0; s < n-1; s += runLen {
		pr.runs = append(pr.runs, boundOf(r[s:min(s+runLen, n-1)+1]))
	}
	if n-1 > sigMinEdges {
		merc := toMercator(r)
		pr.sig = significanceOf(merc)
		pr.levels = buildLevels(r, merc, pr.sig, shell, spec)
	}
	return pr
}

// offSide says on which side of a box something lies entirely.
type offSide uint8

const (
	sideNone offSide = iota // meets the box or straddles it
	sideLeft
	sideRight
	sideBelow
	sideAbove
)

// sideOf returns the side of c beyond which the box b lies strictly,
// preferring the x sides (see collapseRuns), or sideNone.
func sideOf(b, c orb.Bound) offSide {
	switch {
	case b.Max[0] < c.Min[0]:
		return sideLeft
	case b.Min[0] > c.Max[0]:
		return sideRight
	case b.Max[1] < c.Min[1]:
		return sideBelow
	case b.Min[1] > c.Max[1]:
		return sideAbove
	}
	return sideNone
}

// collapseRuns appends to out the closed ring pts with runs that lie off
// the clip box c collapsed, and returns out. clipRing gives exactly the
// same result for out as for pts.
//
// A run strictly left or right of c is replaced by its two end points,
// consecutive runs on the same side by the first's start and the last's
// end: the x pass of clipRing emits nothing for an edge with both ends
// beyond the same x bound, so it sees exactly the same crossings.
//
// A run strictly below or above c is collapsed the same way, but only
// when both of its end points lie within c's x range. The x pass then
// emits the run's end points in both cases (and, for the full run, some
// points in between, all beyond the same y bound), and the y pass emits
// nothing for an edge with both ends beyond that bound, so its output is
// the same. (Collapsing such a run whatever its ends would keep the
// clipped region, since the run and its chord lie in one half-plane that
// misses c, but the degenerate stretches Sutherland–Hodgman lays along
// the box edge could differ, and thinning would then keep other points.)
func collapseRuns(pts []orb.Point, runs []orb.Bound, c orb.Bound, out []orb.Point) []orb.Point {
	n := len(pts)
	out = append(out, pts[0])
	last := sideNone
	for i, rb := range runs {
		s := i * runLen
		e := min(s+runLen, n-1)
		side := sideOf(rb, c)
		if (side == sideBelow || side == sideAbove) && !(inX(pts[s], c) && inX(pts[e], c)) {
			side = sideNone
		}
		switch {
		case side == sideNone:
			out = append(out, pts[s+1:e+1]...)
		case side == last:
			out[len(out)-1] = pts[e]
		default:
			out = append(out, pts[e])
		}
		last = side
	}
	return out
}

// inX reports whether p lies within c's x range, bounds included.
func inX(p orb.Point, c orb.Bound) bool { return p[0] >= c.Min[0] && p[0] <= c.Max[0] }

// preparedCache maps zones to their prepared rings, bounded in memory.
// Zones are immutable and a new version is a new *geo.Zone, so an entry
// never goes stale; entries of zones no longer indexed stay until evicted.
// Safe for concurrent use.
type preparedCache struct {
	max int64

	mu    sync.RWMutex
	size  int64
	zones map[*geo.Zone]*preparedZone
}

func newPreparedCache(maxBytes int64) *preparedCache {
	return &preparedCache{max: maxBytes, zones: map[*geo.Zone]*preparedZone{}}
}

// get returns the prepared data of z, preparing it on a miss. A nil
// cache prepares every time.
func (c *preparedCache) get(z *geo.Zone, o Options) *preparedZone {
	if c == nil || c.max <= 0 {
		return prepareZone(z, o)
	}
	c.mu.RLock()
	pz, ok := c.zones[z]
	c.mu.RUnlock()
	if ok {
		return pz
	}
	pz = prepareZone(z, o) // outside the lock; a racing twin costs only work
	if pz.bytes > c.max {
		return pz
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.zones[z]; ok {
		return old
	}
	if c.size+pz.bytes > c.max {
		c.evict(c.max*3/4 - pz.bytes)
	}
	c.zones[z] = pz
	c.size += pz.bytes
	return pz
}

// evict drops entries in map order (random) until the cache holds at most
// target bytes. The caller holds c.mu for writing.
func (c *preparedCache) evict(target int64) {
	for z, pz := range c.zones {
		if c.size <= target {
			return
		}
		delete(c.zones, z)
		c.size -= pz.bytes
	}
}

// stats returns the number of prepared zones and their approximate bytes.
func (c *preparedCache) stats() (int, int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.zones), c.size
}
