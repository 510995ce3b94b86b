// Package index is zonegate's in-memory spatial index of published zone
// versions: an R-tree over bounding boxes (github.com/tidwall/rtree) plus
// prepared polygons for exact point-in-polygon tests.
//
// One writer applies changes under a mutex; readers take a Snapshot, an
// immutable copy-on-write view that needs no locks. Zones handed to the index
// are shared, not copied: callers must not modify a zone (or its geometry)
// after passing it to Apply.
//
// Boundary convention (as in package geo): a point on a polygon's boundary,
// shell or hole, is inside it, so a point on the border of two zones is in
// both.
package index

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/zonegate/zonegate/geo"
)

// entry is one indexed zone version. The bound is kept with the entry
// because rtree's Delete needs the rectangle it was inserted with.
// The prepared polygon and copies of the filter fields live in the entry
// itself so a lookup touches few cache lines before the polygon's grid.
type entry struct {
	poly  prepared     // meaningful only when areal
	areal bool         // Polygon/MultiPolygon; others never contain a point
	valid geo.Validity // copy of zone.Validity
	layer string       // copy of zone.Layer
	zone  *geo.Zone
	bound orb.Bound
	bytes int64 // memory owned by poly

	derived      any   // the Deriver's data, if any
	derivedBytes int64 // its size as the Deriver reported it
}

// Index holds zone versions for lookup. Apply is serialised by a mutex (one
// writer); readers call Snapshot and query it without locking. The zero
// value is not usable; call New.
type Index struct {
	mu    sync.Mutex
	tree  *rtree.RTreeG[*entry] // the writer's tree; snapshots hold copies
	byKey map[geo.Key]*entry
	stats Stats
	bd    builder
	cur   atomic.Pointer[Snapshot]
	vers  versions

	derive Deriver // nil: nothing derived

	// pairEdgesFrom is the prepared-polygon memory from which point grids
	// store boundary edges in their buckets (inlineIndexBytes; tests lower
	// it to exercise that path on small sets).
	pairEdgesFrom int64
	// indexedEdges keeps those edges as indices (pairEdges), never as
	// quantised geometry (pairQuant); tests set it to exercise that form.
	indexedEdges bool
}

// Snapshot is an immutable view of the index at one moment. It is safe for
// concurrent use by any number of goroutines and never changes, whatever is
// applied to the Index afterwards.
type Snapshot struct {
	tree  *rtree.RTreeG[*entry]
	stats Stats
	vers  versionView

	// grid serves point lookups once built; until then they take the
	// R-tree path. A background build starts on the first lookup, so no
	// reader ever waits for it (with 100k zones it takes ~0.25 s).
	grid          atomic.Pointer[pointGrid]
	gridStarted   atomic.Bool
	pairEdgesFrom int64 // Index.pairEdgesFrom
	indexedEdges  bool  // Index.indexedEdges
}

// Stats describes a snapshot's contents.
type Stats struct {
	Zones    int   // zone versions held (any geometry)
	Vertices int   // vertices of the areal zones' rings
	Bytes    int64 // estimated memory of the prepared polygons (grids, edge lists, copied rings)

	DerivedBytes int64 // memory of the Deriver's data, as it reported it
}

// Query filters the zones a lookup returns: only zones with z.Active(At)
// match, and only in the listed layers. A nil or empty Layers means all
// layers. The zero At is the zero time, not "now": callers pass time.Now()
// (or the check's time) explicitly.
type Query struct {
	At     time.Time
	Layers []string
}

// matches reports whether e passes the query's time and layer filters. The
// index holds only published versions, so z.Active(q.At) reduces to the
// validity test.
func (q *Query) matches(e *entry) bool {
	if !e.valid.Contains(q.At) {
		return false
	}
	if len(q.Layers) == 0 {
		return true
	}
	for _, l := range q.Layers {
		if l == e.layer {
			return true
		}
	}
	return false
}

// New returns an empty index configured by opts.
func New(opts ...Option) *Index {
	ix := &Index{tree: &rtree.RTreeG[*entry]{}, byKey: make(map[geo.Key]*entry), vers: newVersions(),
		pairEdgesFrom: inlineIndexBytes}
	for _, o := range opts {
		o(ix)
	}
	ix.cur.Store(&Snapshot{tree: ix.tree.Copy(), vers: ix.vers.view(), pairEdgesFrom: ix.pairEdgesFrom, indexedEdges: ix.indexedEdges})
	return ix
}

// Apply upserts zone versions by geo.Key and publishes a new snapshot. A
// version already present is replaced; a version whose Status is not
// published is removed if present and otherwise ignored. Zones whose
// geometry is not a Polygon or MultiPolygon are stored (Search finds them)
// but never contain a point. A nil zone is ignored; a zone whose geometry is
// nil, empty or has non-finite coordinates cannot be indexed and is treated
// like a removal of its key. Later zones in one call win over earlier ones
// with the same key.
func (ix *Index) Apply(zones ...*geo.Zone) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	preps := ix.prepareAll(zones)
	for i, z := range zones {
		if z == nil {
			continue
		}
		ix.vers.seen(z)
		k := z.Key()
		if old, ok := ix.byKey[k]; ok {
			ix.tree.Delete(old.bound.Min, old.bound.Max, old)
			delete(ix.byKey, k)
			ix.account(old, -1)
		}
		if z.Status != geo.StatusPublished || z.Geometry == nil {
			continue
		}
		b := z.Geometry.Bound()
		if !finiteBound(b) {
			continue
		}
		p := preps[i]
		e := &entry{zone: z, bound: b, valid: z.Validity, layer: z.Layer, derived: p.derived, derivedBytes: p.derivedBytes}
		if p.poly != nil {
			e.poly, e.areal, e.bytes = *p.poly, true, p.poly.bytes(p.owns)
		}
		ix.tree.Insert(b.Min, b.Max, e)
		ix.byKey[k] = e
		ix.account(e, 1)
	}
	ix.cur.Store(&Snapshot{tree: ix.tree.Copy(), stats: ix.stats, vers: ix.vers.view(), pairEdgesFrom: ix.pairEdgesFrom, indexedEdges: ix.indexedEdges})
}

// preparedZone is a zone's prepared polygon (nil if it has none), whether
// the prepared form owns copies of its rings, and the Deriver's data.
type preparedZone struct {
	poly         *prepared
	owns         bool
	derived      any
	derivedBytes int64
}

// parallelPrepare is the batch size from which Apply prepares polygons on
// all cores: preparing is most of the cost of loading an index (it is
// independent per zone), and below this a goroutine is not worth it.
const parallelPrepare = 512

// prepareAll prepares the polygons of the zones Apply will index, in input
// order, using one builder per core for large batches.
func (ix *Index) prepareAll(zones []*geo.Zone) []preparedZone {
	out := make([]preparedZone, len(zones))
	indexable := func(z *geo.Zone) bool {
		return z != nil && z.Status == geo.StatusPublished && z.Geometry != nil && finiteBound(z.Geometry.Bound())
	}
	prepare := func(bd *builder, lo, hi int) {
		for i := lo; i < hi; i++ {
			if indexable(zones[i]) {
				out[i].poly, out[i].owns = bd.prepare(zones[i].Geometry)
				if ix.derive != nil {
					out[i].derived, out[i].derivedBytes = ix.derive(zones[i])
				}
			}
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if len(zones) < parallelPrepare || workers == 1 {
		prepare(&ix.bd, 0, len(zones))
		return out
	}
	var wg sync.WaitGroup
	per := (len(zones) + workers - 1) / workers
	for w := range workers {
		lo, hi := min(w*per, len(zones)), min((w+1)*per, len(zones))
		bd := &ix.bd
		if w > 0 {
			bd = &builder{} // scratch buffers are per goroutine
		}
		wg.Go(func() { prepare(bd, lo, hi) })
	}
	wg.Wait()
	return out
}

// account adds (sign 1) or subtracts (sign -1) e's figures to the stats.
func (ix *Index) account(e *entry, sign int) {
	ix.stats.Zones += sign
	ix.stats.DerivedBytes += int64(sign) * e.derivedBytes
	ix.vers.boundary(e.valid, sign)
	if e.areal {
		ix.stats.Vertices += sign * e.poly.edgeCount()
		ix.stats.Bytes += int64(sign) * e.bytes
	}
}

// finiteBound reports whether b is a non-empty bound with finite corners.
func finiteBound(b orb.Bound) bool {
	for _, v := range [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]
}

// Snapshot returns the current immutable view. It never blocks.
func (ix *Index) Snapshot() *Snapshot {
	return ix.cur.Load()
}

// Len returns the number of zone versions in the snapshot, whatever their
// validity.
func (s *Snapshot) Len() int { return s.tree.Len() }

// Stats returns the snapshot's size figures.
func (s *Snapshot) Stats() Stats { return s.stats }

// ZonesAt appends to dst the zones matching q whose polygon contains p
// (boundary counts as inside), sorted by (Layer, ID, Version), and returns
// dst. Zones already in dst are left untouched and unsorted. It does not
// allocate when dst has enough capacity.
func (s *Snapshot) ZonesAt(dst []*geo.Zone, p orb.Point, q Query) []*geo.Zone {
	g := s.points()
	if g == nil {
		return s.zonesAtTree(dst, p, q)
	}
	x, y := p[0], p[1]
	if !(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY) {
		return dst // also rejects NaN
	}
	at, atOK := plainNanos(q.At)
	bi, bj := g.bucketX(x), g.bucketY(y)
	ws := g.words[g.off[bj*g.nx+bi]:g.off[bj*g.nx+bi+1]]
	filter := !g.allMatch(&q, at, atOK)
	// The lookup runs in passes over the bucket's pairs, each pass issuing
	// independent loads, so the candidates' cache misses overlap instead
	// of following one another: the bucket's words (inside pairs are hits
	// at once); the bound, filters and grid cell of pairs resolved through
	// their polygon's grid; then edge lists; then vertices; then the tests.
	// Go zeroes these arrays on every call, so they are kept small (pend:
	// 256 bytes; a point meets one or two boundary cells on small indexes,
	// and none on large ones, whose pairs hold their edges); candidates
	// beyond them are resolved at once.
	var hits hitList
	var pend [8]pendingCell
	var edged [32]uint32 // word offsets in ws of pairEdges pairs
	np, ne := 0, 0
	for w := 0; w < len(ws); {
		k, kind := ws[w]>>2, ws[w]&3
		switch kind {
		case pairInside:
			w++
			if !filter || g.recs[k].matches(&q, at, atOK) {
				dst = hits.add(dst, g, k)
			}
			continue
		case pairQuant:
			hdr, vs, size := quantWords(ws[w:])
			w += size
			if filter && !g.recs[k].matches(&q, at, atOK) {
				continue
			}
			if g.quantHit(p, bi, bj, k, hdr, vs) {
				dst = hits.add(dst, g, k)
			}
			continue
		case pairEdges:
			hdr, edges, size := pairEdgesOf(ws[w:])
			at0 := w
			w += size
			if filter && !g.recs[k].matches(&q, at, atOK) {
				continue
			}
			if ne < len(edged) {
				edged[ne] = uint32(at0)
				ne++
			} else if g.pairContains(p, bi, bj, edges, k, hdr) {
				dst = hits.add(dst, g, k)
			}
			continue
		}
		w++
		r := &g.recs[k]
		if !(x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY) || (filter && !r.matches(&q, at, atOK)) {
			continue
		}
		i, j := r.cellOf(x, y)
		switch v := r.cells[j*int(r.nx)+i]; {
		case v == cellInside:
			dst = hits.add(dst, g, k)
		case v < cellBoundary:
		case np < len(pend):
			pend[np] = pendingCell{pp: &r.e.poly, k: k, v: v, i: int32(i), j: int32(j)}
			np++
		default:
			if r.e.poly.resolve(p, i, j, v) {
				dst = hits.add(dst, g, k)
			}
		}
	}
	for n := range pend[:np] {
		pend[n].n = pend[n].pp.listLen(pend[n].v)
	}
	var sink float64
	for _, w := range edged[:ne] {
		_, edges, _ := pairEdgesOf(ws[w:])
		sink += touchEdges(g.pts[ws[w]>>2], edges)
	}
	for n := range pend[:np] {
		sink += pend[n].pp.touch(pend[n].v, pend[n].n)
	}
	for _, w := range edged[:ne] {
		hdr, edges, _ := pairEdgesOf(ws[w:])
		if k := ws[w] >> 2; g.pairContains(p, bi, bj, edges, k, hdr) {
			dst = hits.add(dst, g, k)
		}
	}
	for n := range pend[:np] {
		pc := &pend[n]
		if pc.pp.resolveList(p, int(pc.i), int(pc.j), pc.v, pc.n) {
			dst = hits.add(dst, g, pc.k)
		}
	}
	if sink == -1 { // touch never returns a negative sum; this keeps its loads
		return dst
	}
	return hits.flush(dst, g)
}

// pendingCell is a candidate whose point fell in a boundary cell.
type pendingCell struct {
	pp   *prepared
	k    uint32 // record index
	v    uint32 // cell value
	i, j int32  // cell column and row
	n    uint32 // length of the cell's edge list
}

// zonesAtTree answers ZonesAt through the R-tree, for a snapshot whose
// point grid is not built yet.
func (s *Snapshot) zonesAtTree(dst []*geo.Zone, p orb.Point, q Query) []*geo.Zone {
	start := len(dst)
	s.tree.Search(p, p, func(_, _ [2]float64, e *entry) bool {
		if e.areal && q.matches(e) && e.poly.contains(p) {
			dst = append(dst, e.zone)
		}
		return true
	})
	sortZones(dst[start:])
	return dst
}

// points returns the snapshot's point grid, or nil while it is being built;
// the first call starts the build in the background.
func (s *Snapshot) points() *pointGrid {
	if g := s.grid.Load(); g != nil {
		return g
	}
	if s.gridStarted.CompareAndSwap(false, true) {
		go s.buildPoints()
	}
	return nil
}

// buildPoints builds and publishes the point grid.
func (s *Snapshot) buildPoints() {
	var es []*entry
	s.tree.Scan(func(_, _ [2]float64, e *entry) bool {
		if e.areal {
			es = append(es, e)
		}
		return true
	})
	slices.SortFunc(es, func(a, b *entry) int {
		switch {
		case zoneLess(a.zone, b.zone):
			return -1
		case zoneLess(b.zone, a.zone):
			return 1
		}
		return 0
	})
	s.grid.Store(buildPointGrid(es, s.stats.Bytes >= s.pairEdgesFrom, s.indexedEdges))
}

// WaitReady blocks until point lookups on the snapshot use its point grid
// rather than the slower R-tree path. Lookups are correct either way; tests
// and benchmarks call it to measure the steady state.
func (s *Snapshot) WaitReady() {
	for s.points() == nil {
		time.Sleep(time.Millisecond)
	}
}

// sortZones sorts by (Layer, ID, Version) with an insertion sort: results
// are short and this neither allocates nor calls through interfaces.
func sortZones(zs []*geo.Zone) {
	for i := 1; i < len(zs); i++ {
		for j := i; j > 0 && zoneLess(zs[j], zs[j-1]); j-- {
			zs[j], zs[j-1] = zs[j-1], zs[j]
		}
	}
}

// zoneLess orders zones by (Layer, ID, Version).
func zoneLess(a, b *geo.Zone) bool {
	if a.Layer != b.Layer {
		return a.Layer < b.Layer
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Version < b.Version
}

// Search calls fn for every zone matching q, of any geometry, whose bounding
// box intersects b (touching counts); fn returning false stops the search.
// The order is unspecified.
func (s *Snapshot) Search(b orb.Bound, q Query, fn func(*geo.Zone) bool) {
	s.SearchDerived(b, q, func(z *geo.Zone, _ any) bool { return fn(z) })
}
