package index

import (
	"math"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Point-grid sizing: about cellsPerZone top-level cells per areal zone (at
// least minPointCells), and the grid is coarsened while the bucket lists
// would hold more than pairsPerZone entries per zone on average (plus
// pairsSlack), which only happens when huge and small zones are mixed.
const (
	cellsPerZone  = 4
	minPointCells = 1024
	pairsPerZone  = 32
	pairsSlack    = 1 << 16
)

// Fine buckets for large polygons: about one bucket per edgesPerBucket
// edges of all areal zones together, with pairsPerEdge (bucket, record)
// pairs per edge allowed on top of pairsPerZone.
const (
	edgesPerBucket = 8
	pairsPerEdge   = 4
)

// Validity bounds are kept in the records as Unix nanoseconds, which is
// exact for times between these years; a record (or query time) outside
// them takes the slow path through geo.Validity.Contains.
const (
	minPlainSec = -8e9 // 1716
	maxPlainSec = 9e9  // 2255
)

// zrec is the compact record of one areal zone that point lookups read
// instead of the R-tree: its bound, what is needed to find the prepared
// grid cell holding a point, and copies of the query filter fields.
type zrec struct {
	minX, minY, maxX, maxY float64
	invDx, invDy           float64
	cells                  []uint32 // the prepared polygon's cells
	nx, ny                 int32
	plain                  bool  // from and to are exact; else use e.valid
	from, to               int64 // validity in Unix ns; MinInt64/MaxInt64 when open
	layer                  string
	zone                   *geo.Zone
	e                      *entry
}

// pointGrid is a uniform grid over the areal zones' extent. Each bucket
// lists, in record order, the records whose polygon is inside or meets the
// bucket, with the polygon's state over the whole bucket (see pairwords.go),
// so that most candidates are decided by the bucket alone and the rest from
// a few edges stored in the bucket. A snapshot builds it on its first point
// lookup; it is immutable afterwards.
type pointGrid struct {
	minX, minY, maxX, maxY float64
	invDx, invDy           float64
	nx, ny                 int
	off                    []uint32 // bucket b's pair words are words[off[b]:off[b+1]]
	words                  []uint32 // pair words, see pairwords.go
	recs                   []zrec
	indexed                bool // boundary pairs name their edges (pairEdges), never pairQuant; tests

	fr  prepared      // the buckets as a grid frame (bounds, cell sizes; no cells)
	pts [][]orb.Point // pts[k] is record k's vertices (its prepared pts)

	// Every record's validity is plain and contains [maxFrom, minTo): a
	// query at a time in that range without layers matches every record.
	allPlain       bool
	maxFrom, minTo int64
}

// plainNanos returns t in Unix nanoseconds and whether that is exact and
// ordered like t (t between minPlainYear and maxPlainYear).
func plainNanos(t time.Time) (int64, bool) {
	if s := t.Unix(); s < minPlainSec || s > maxPlainSec {
		return 0, false
	}
	return t.UnixNano(), true
}

// newZrec returns the record of an areal entry.
func newZrec(e *entry) zrec {
	pp := &e.poly
	r := zrec{
		minX: pp.minX, minY: pp.minY, maxX: pp.maxX, maxY: pp.maxY,
		invDx: pp.invDx, invDy: pp.invDy, cells: pp.cells,
		nx: int32(pp.nx), ny: int32(pp.ny), layer: e.layer, zone: e.zone, e: e,
		from: math.MinInt64, to: math.MaxInt64, plain: true,
	}
	if !e.valid.From.IsZero() {
		r.from, r.plain = plainNanos(e.valid.From)
	}
	if !e.valid.To.IsZero() {
		var ok bool
		r.to, ok = plainNanos(e.valid.To)
		r.plain = r.plain && ok
	}
	return r
}

// matches is Query.matches for a record; at is q.At in Unix ns, valid only
// when atOK.
func (r *zrec) matches(q *Query, at int64, atOK bool) bool {
	if atOK && r.plain {
		if at < r.from || at >= r.to {
			return false
		}
	} else if !r.e.valid.Contains(q.At) {
		return false
	}
	if len(q.Layers) == 0 {
		return true
	}
	for _, l := range q.Layers {
		if l == r.layer {
			return true
		}
	}
	return false
}

// cellOf returns the prepared grid cell holding (x, y), which must lie in
// the record's bound. It computes the cell exactly as prepared.cellX and
// cellY do.
func (r *zrec) cellOf(x, y float64) (i, j int) {
	i = int((x - r.minX) * r.invDx)
	if i >= int(r.nx) {
		i = int(r.nx) - 1
	}
	j = int((y - r.minY) * r.invDy)
	if j >= int(r.ny) {
		j = int(r.ny) - 1
	}
	return i, j
}

// bucketX maps a longitude to a bucket column, clamped; monotone in x.
func (g *pointGrid) bucketX(x float64) int {
	return min(max(int((x-g.minX)*g.invDx), 0), g.nx-1)
}

// bucketY maps a latitude to a bucket row, clamped; monotone in y.
func (g *pointGrid) bucketY(y float64) int {
	return min(max(int((y-g.minY)*g.invDy), 0), g.ny-1)
}

// buildPointGrid builds the grid over the areal entries; pairEdges allows
// boundary pairs with their edges in the bucket (see pairwords.go), as
// quantised geometry (quantpairs.go) unless indexed.
func buildPointGrid(es []*entry, pairEdges, indexed bool) *pointGrid {
	g := &pointGrid{recs: make([]zrec, len(es)), indexed: indexed}
	if len(es) == 0 {
		g.nx, g.ny = 1, 1
		g.off = make([]uint32, 2)
		g.minX, g.minY, g.maxX, g.maxY = 1, 1, 0, 0 // empty: rejects every point
		return g
	}
	g.minX, g.minY = math.Inf(1), math.Inf(1)
	g.maxX, g.maxY = math.Inf(-1), math.Inf(-1)
	g.pts = make([][]orb.Point, len(es))
	g.allPlain, g.maxFrom, g.minTo = true, math.MinInt64, math.MaxInt64
	edges := 0
	for k, e := range es {
		g.recs[k] = newZrec(e)
		r := &g.recs[k]
		g.pts[k] = e.poly.pts
		g.minX, g.minY = min(g.minX, r.minX), min(g.minY, r.minY)
		g.maxX, g.maxY = max(g.maxX, r.maxX), max(g.maxY, r.maxY)
		g.allPlain = g.allPlain && r.plain
		g.maxFrom, g.minTo = max(g.maxFrom, r.from), min(g.minTo, r.to)
		edges += e.poly.edgeCount()
	}
	w, h := g.maxX-g.minX, g.maxY-g.minY
	cells := float64(max(minPointCells, cellsPerZone*len(es), edges/edgesPerBucket))
	for {
		g.size(w, h, cells)
		if g.pairs() <= pairsPerZone*len(es)+pairsPerEdge*edges+pairsSlack || g.nx*g.ny <= 1 {
			break
		}
		cells /= 4
	}
	g.fill(pairEdges)
	return g
}

// allMatch reports whether every record matches q (at and atOK are
// plainNanos(q.At)), so that a lookup need not test the filters.
func (g *pointGrid) allMatch(q *Query, at int64, atOK bool) bool {
	return len(q.Layers) == 0 && atOK && g.allPlain && at >= g.maxFrom && at < g.minTo
}

// size sets the grid's resolution for about cells buckets over a w×h
// extent.
func (g *pointGrid) size(w, h, cells float64) {
	clamp := func(v float64) int { return int(max(1, min(1<<15, math.Round(v)))) }
	g.nx, g.ny, g.invDx, g.invDy = 1, 1, 0, 0
	switch {
	case w > 0 && h > 0:
		g.nx = clamp(math.Sqrt(cells * w / h))
		g.ny = clamp(cells / float64(g.nx))
	case w > 0:
		g.nx = clamp(cells)
	case h > 0:
		g.ny = clamp(cells)
	}
	if w > 0 {
		g.invDx = float64(g.nx) / w
	}
	if h > 0 {
		g.invDy = float64(g.ny) / h
	}
	g.fr = prepared{minX: g.minX, minY: g.minY, maxX: g.maxX, maxY: g.maxY,
		invDx: g.invDx, invDy: g.invDy, nx: g.nx, ny: g.ny}
	if w > 0 {
		g.fr.dx = w / float64(g.nx)
	}
	if h > 0 {
		g.fr.dy = h / float64(g.ny)
	}
}

// span returns the bucket ranges a record's bound covers.
func (g *pointGrid) span(r *zrec) (i0, i1, j0, j1 int) {
	return g.bucketX(r.minX), g.bucketX(r.maxX), g.bucketY(r.minY), g.bucketY(r.maxY)
}

// pairs counts the (bucket, record) pairs at the current resolution.
func (g *pointGrid) pairs() int {
	n := 0
	for k := range g.recs {
		i0, i1, j0, j1 := g.span(&g.recs[k])
		n += (i1 - i0 + 1) * (j1 - j0 + 1)
	}
	return n
}

// fill builds the buckets' pair words: each record's pairs are worked out
// on one of several goroutines (records split in contiguous ranges), then
// placed bucket by bucket in record order. inline allows boundary pairs
// with edges stored in the bucket (see pairWords).
func (g *pointGrid) fill(inline bool) {
	workers := 1
	if len(g.recs) >= parallelPrepare {
		workers = runtime.GOMAXPROCS(0)
	}
	outs := make([]pairOut, workers)
	per := (len(g.recs) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := min(w*per, len(g.recs)), min((w+1)*per, len(g.recs))
		wg.Go(func() {
			var bd builder
			for k := lo; k < hi; k++ {
				bd.pairWords(g, uint32(k), inline, &outs[w])
			}
		})
	}
	wg.Wait()
	nb := g.nx * g.ny
	g.off = make([]uint32, nb+1)
	for _, o := range outs {
		for p, b := range o.bucket {
			g.off[b+1] += o.start[p+1] - o.start[p]
		}
	}
	for b := 1; b <= nb; b++ {
		g.off[b] += g.off[b-1]
	}
	g.words = make([]uint32, g.off[nb])
	next := make([]uint32, nb)
	copy(next, g.off[:nb])
	for _, o := range outs {
		for p, b := range o.bucket {
			n := copy(g.words[next[b]:], o.words[o.start[p]:o.start[p+1]])
			next[b] += uint32(n)
		}
	}
}

// bytes estimates the grid's heap memory.
func (g *pointGrid) bytes() int64 {
	return int64(len(g.off))*4 + int64(len(g.words))*4 +
		int64(len(g.recs))*int64(unsafe.Sizeof(zrec{})+unsafe.Sizeof([]orb.Point{}))
}
