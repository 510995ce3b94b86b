package route

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// DefaultCorridorM is the corridor half-width the gazette's routes get
// when neither the zone nor the caller says otherwise.
const DefaultCorridorM = 50.0

// MinOffM is the shortest off-route piece Check reports; shorter pieces
// (for example where two corridors meet in exactly one point) are rounding
// noise and count as inside.
const MinOffM = 0.001

// bucketsPerDegree sets the central meridians of the local projections:
// longitudes are snapped to 1/bucketsPerDegree of a degree.
const bucketsPerDegree = 10

// earthRadiusM approximates √(ρν) in the transverse Mercator point scale
// k ≈ 1 + x²/(2ρν); the error it leaves is far below a millimetre.
const earthRadiusM = 6371000.0

// Route describes one designated route line of the network.
type Route struct {
	Layer     string  // the zone's layer
	ID        string  // the zone's id
	Name      string  // the zone's name
	County    string  // the zone's "county" property, "" if absent
	CorridorM float64 // corridor half-width in metres
}

// segment is one corridor segment a→b with its projection.
type segment struct {
	a, b   orb.Point // lon/lat
	pa, pb orb.Point // a, b in the bucket's projection
	kw     float64   // half-width in projected metres (w times the point scale)
	w      float64   // half-width in metres
	bucket int32
	route  int32
}

// Network is an immutable set of corridors, safe for concurrent use. Build
// it with NewNetwork.
type Network struct {
	routes []Route
	segs   []segment
	tree   rtree.RTreeG[int32]
	tms    map[int32]*crs.TM
}

// NewNetwork builds the corridors of zones: every zone with a LineString
// or MultiLineString geometry contributes its lines, with half-width the
// zone's "corridor_m" property when it is a positive finite number (a JSON
// number or a numeric string), else defaultCorridorM (DefaultCorridorM
// when that is not positive). Zones with other geometries, nil zones and
// vertices with non-finite coordinates are skipped. The caller filters
// zones by kind and validity; NewNetwork does not look at either.
func NewNetwork(zones []*geo.Zone, defaultCorridorM float64) *Network {
	if !(defaultCorridorM > 0) || math.IsInf(defaultCorridorM, 0) {
		defaultCorridorM = DefaultCorridorM
	}
	n := &Network{tms: map[int32]*crs.TM{}}
	for _, z := range zones {
		if z == nil {
			continue
		}
		var lines []orb.LineString
		switch g := z.Geometry.(type) {
		case orb.LineString:
			lines = []orb.LineString{g}
		case orb.MultiLineString:
			lines = g
		default:
			continue
		}
		w := corridorOf(z.Properties, defaultCorridorM)
		county, _ := z.Properties["county"].(string)
		ri := int32(len(n.routes))
		n.routes = append(n.routes, Route{Layer: z.Layer, ID: z.ID, Name: z.Name, County: county, CorridorM: w})
		for _, l := range lines {
			n.addLine(l, w, ri)
		}
	}
	return n
}

// corridorOf reads corridor_m from props.
func corridorOf(props map[string]any, def float64) float64 {
	var v float64
	switch x := props["corridor_m"].(type) {
	case float64:
		v = x
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case json.Number:
		v, _ = x.Float64()
	case string:
		v, _ = strconv.ParseFloat(x, 64)
	}
	if v > 0 && !math.IsInf(v, 0) {
		return v
	}
	return def
}

func (n *Network) addLine(l orb.LineString, w float64, ri int32) {
	var pts []orb.Point
	for _, p := range l {
		if finite(p[0]) && finite(p[1]) && math.Abs(p[1]) <= 90 {
			pts = append(pts, p)
		}
	}
	if len(pts) == 1 {
		pts = append(pts, pts[0]) // a one-vertex line is a disc
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if i > 0 && a == b {
			continue
		}
		bk := bucketOf((a[0] + b[0]) / 2)
		tm := n.projection(bk)
		s := segment{a: a, b: b, pa: tm.Forward(a), pb: tm.Forward(b), w: w, bucket: bk, route: ri}
		s.kw = w * pointScale((s.pa[0]+s.pb[0])/2)
		lo, hi := expandedBound(a, b, w)
		n.tree.Insert(lo, hi, int32(len(n.segs)))
		n.segs = append(n.segs, s)
	}
}

// projection returns the bucket's transverse Mercator, cached for the
// buckets the network's segments use.
func (n *Network) projection(bk int32) *crs.TM {
	if tm, ok := n.tms[bk]; ok {
		return tm
	}
	tm := crs.TransverseMercator(float64(bk) / bucketsPerDegree)
	n.tms[bk] = &tm
	return &tm
}

// lookup is projection without caching, for use on an immutable Network.
func (n *Network) lookup(bk int32) *crs.TM {
	if tm, ok := n.tms[bk]; ok {
		return tm
	}
	tm := crs.TransverseMercator(float64(bk) / bucketsPerDegree)
	return &tm
}

func bucketOf(lon float64) int32 { return int32(math.Round(lon * bucketsPerDegree)) }

// pointScale is the transverse Mercator scale factor at easting e.
func pointScale(e float64) float64 {
	x := (e - crs.GaussKrugerEasting) / earthRadiusM
	return 1 + x*x/2
}

// expandedBound is the lon/lat box of a→b grown by at least w metres.
func expandedBound(a, b orb.Point, w float64) (lo, hi [2]float64) {
	const slack = 1.02 // covers the ellipsoid's shortest degree and rounding
	dLat := w / 110574 * slack
	maxLat := math.Min(90, math.Max(math.Abs(a[1]), math.Abs(b[1]))+dLat)
	dLon := 360.0
	if c := math.Cos(maxLat * math.Pi / 180); c > 1e-9 {
		dLon = math.Min(360, w/(111320*c)*slack)
	}
	lo = [2]float64{math.Min(a[0], b[0]) - dLon, math.Min(a[1], b[1]) - dLat}
	hi = [2]float64{math.Max(a[0], b[0]) + dLon, math.Max(a[1], b[1]) + dLat}
	return lo, hi
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Routes returns the route lines of the network in the order of the zones
// given to NewNetwork. The slice is the caller's.
func (n *Network) Routes() []Route { return append([]Route(nil), n.routes...) }

// Segments returns the number of corridor segments.
func (n *Network) Segments() int { return len(n.segs) }

// Contains reports whether p (lon, lat) lies in some corridor: its
// geodesic distance to a route line is at most that line's half-width.
// The boundary counts as inside. Non-finite points are never inside; an
// empty network contains nothing.
func (n *Network) Contains(p orb.Point) bool {
	if !finite(p[0]) || !finite(p[1]) {
		return false
	}
	found := false
	cached := int32(math.MinInt32)
	var pp orb.Point
	n.tree.Search(p, p, func(_, _ [2]float64, i int32) bool {
		s := &n.segs[i]
		if s.bucket != cached {
			pp, cached = n.lookup(s.bucket).Forward(p), s.bucket
		}
		if segDist2(pp, s.pa, s.pb) <= s.kw*s.kw {
			found = true
			return false
		}
		return true
	})
	return found
}

// segDist2 is the squared planar distance from p to segment a→b.
func segDist2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	px, py := p[0]-a[0], p[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 > 0 {
		t := (px*dx + py*dy) / l2
		t = math.Max(0, math.Min(1, t))
		px, py = px-t*dx, py-t*dy
	}
	return px*px + py*py
}
