package route

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Compliance is how a route relates to the network's corridors.
type Compliance struct {
	// Compliant is true when the whole route lies in the union of the
	// corridors (pieces shorter than MinOffM outside are ignored).
	Compliant bool
	// FirstOff is where the route first leaves every corridor: the exact
	// point on the corridor boundary, or the first vertex when the route
	// starts outside. nil when compliant.
	FirstOff *orb.Point
	// FirstOffAlongM is the distance along the route from its start to
	// FirstOff, in metres.
	FirstOffAlongM float64
	// OffLengthM is the total length of the route outside every corridor.
	OffLengthM float64
	// LengthM is the length of the whole route.
	LengthM float64
	// Off holds the pieces of the route outside every corridor, in route
	// order, each from the point it leaves to the point it re-enters (or
	// the route's end) with the route's vertices in between.
	Off orb.MultiLineString
}

// Check follows route (lon/lat vertices) and reports the parts outside
// every corridor, computed exactly: along each route segment the inside
// part is the union of its intervals with the corridor capsules near it,
// the off-route part its complement. An empty route is compliant; a route
// of one vertex (or of repeated copies of one) is a point, compliant when
// Contains holds, and otherwise has FirstOff at it and no length.
// Vertices with non-finite coordinates are dropped.
func (n *Network) Check(route orb.LineString) Compliance {
	pts := make(orb.LineString, 0, len(route))
	for _, p := range route {
		if finite(p[0]) && finite(p[1]) && math.Abs(p[1]) <= 90 {
			pts = append(pts, p)
		}
	}
	c := Compliance{Compliant: true}
	if len(pts) == 0 {
		return c
	}
	w := walker{n: n}
	for i := 0; i+1 < len(pts); i++ {
		w.segment(pts[i], pts[i+1])
	}
	w.close()
	c.LengthM = w.along
	if w.along == 0 { // a point
		if !n.Contains(pts[0]) {
			p := pts[0]
			c.Compliant, c.FirstOff = false, &p
		}
		return c
	}
	for _, pc := range w.pieces {
		if pc.lengthM < MinOffM {
			continue
		}
		if c.FirstOff == nil {
			p := pc.line[0]
			c.FirstOff, c.FirstOffAlongM = &p, pc.startM
		}
		c.OffLengthM += pc.lengthM
		c.Off = append(c.Off, pc.line)
	}
	c.Compliant = c.FirstOff == nil
	return c
}

// piece is one maximal off-route stretch.
type piece struct {
	line    orb.LineString
	startM  float64
	lengthM float64
}

// walker accumulates off-route pieces segment by segment.
type walker struct {
	n      *Network
	along  float64 // metres walked so far
	open   *piece  // the piece still running at the last segment's end
	pieces []piece
	spans  []span // scratch: corridor spans of the current segment
	offs   []span // scratch: its off-route spans
}

// segment handles the route segment a→b.
func (w *walker) segment(a, b orb.Point) {
	if a == b {
		return
	}
	bk := bucketOf((a[0] + b[0]) / 2)
	tm := w.n.lookup(bk)
	pa, pb := tm.Forward(a), tm.Forward(b)
	d := orb.Point{pb[0] - pa[0], pb[1] - pa[1]}
	lengthM := math.Hypot(d[0], d[1]) / pointScale((pa[0]+pb[0])/2)
	w.spans = w.spans[:0]
	lo, hi := segmentBound(a, b)
	w.n.tree.Search(lo, hi, func(_, _ [2]float64, i int32) bool {
		s := &w.n.segs[i]
		ca, cb, kw := s.pa, s.pb, s.kw
		if s.bucket != bk {
			ca, cb = tm.Forward(s.a), tm.Forward(s.b)
			kw = s.w * pointScale((ca[0]+cb[0])/2)
		}
		if sp, ok := capsuleSpan(pa, d, ca, cb, kw); ok {
			sp.lo, sp.hi = math.Max(sp.lo, 0), math.Min(sp.hi, 1)
			if sp.lo <= sp.hi {
				w.spans = append(w.spans, sp)
			}
		}
		return true
	})
	slices.SortFunc(w.spans, func(x, y span) int {
		switch {
		case x.lo < y.lo:
			return -1
		case x.lo > y.lo:
			return 1
		}
		return 0
	})
	at := func(t float64) orb.Point {
		switch t {
		case 0:
			return a
		case 1:
			return b
		}
		return tm.Inverse(orb.Point{pa[0] + t*d[0], pa[1] + t*d[1]})
	}
	w.offs = w.offs[:0]
	cur := 0.0
	for _, sp := range w.spans {
		if sp.lo > cur {
			w.offs = append(w.offs, span{cur, sp.lo})
		}
		cur = math.Max(cur, sp.hi)
	}
	if cur < 1 {
		w.offs = append(w.offs, span{cur, 1})
	}
	if len(w.offs) == 0 || w.offs[0].lo > 0 {
		w.close() // the route is inside at this segment's start
	}
	for _, o := range w.offs {
		if w.open != nil && o.lo == 0 {
			// The piece running at the previous segment's end goes on;
			// its last point is this segment's start.
			w.open.line = append(w.open.line, at(o.hi))
			w.open.lengthM += o.hi * lengthM
		} else {
			w.close()
			w.open = &piece{line: orb.LineString{at(o.lo), at(o.hi)}, startM: w.along + o.lo*lengthM, lengthM: (o.hi - o.lo) * lengthM}
		}
		if o.hi < 1 {
			w.close() // the route re-enters a corridor
		}
	}
	w.along += lengthM
}

// close finishes the open piece.
func (w *walker) close() {
	if w.open != nil {
		w.pieces = append(w.pieces, *w.open)
		w.open = nil
	}
}

// segmentBound is the lon/lat box of a→b.
func segmentBound(a, b orb.Point) (lo, hi [2]float64) {
	return [2]float64{math.Min(a[0], b[0]), math.Min(a[1], b[1])}, [2]float64{math.Max(a[0], b[0]), math.Max(a[1], b[1])}
}
