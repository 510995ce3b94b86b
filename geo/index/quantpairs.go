package index

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Quantised pairs. A pairEdges pair names its edges by index, so a point
// that meets it waits on the polygon's vertices, scattered in memory: on
// the heavy set about twenty cache misses a point that one lookup cannot
// overlap. A pairQuant pair stores instead the edges' geometry in the
// bucket itself, as vertices in fixed point relative to the bucket's
// centre, so that a lookup reads nothing but the bucket's contiguous words;
// the exact vertices are read only when a sign cannot be certified from the
// stored ones (see quantContains), and then through the polygon's own grid.
//
// Layout: k<<2 | pairQuant, a header word n<<10 | ref<<1 | s (n vertex
// words, ref and s as in pairEdges; the pair's scale 2^σ has biased
// exponent σ+1023 in bits 16–26), then the n vertex words. A vertex word
// holds x = round((v[0]-c[0])·2^σ) as a 15-bit signed integer in bits
// 1–15 and y likewise in bits 17–31, where c is the bucket's computed
// centre (refFractions[0]); bit 0 is set when the vertex starts a new chain
// (no edge from the previous word's vertex), and bit 16, on a word that
// ends an edge, when the reference point is strictly left of that edge's
// line. The pair's edges are runs of consecutive edge indices, so chains of
// edges share their vertices: a run of m edges costs m+1 words.
const (
	pairQuant    uint32 = 3
	quantMax            = 1<<14 - 1     // largest stored coordinate magnitude (15-bit signed)
	quantExp            = 14            // log2 of quantSpan
	quantSpan           = 1 << quantExp // bound on the farthest vertex's and the bucket side's magnitude
	maxQuantWord        = 63            // vertex words a pair may hold (6 bits)
	quantChain   uint32 = 1             // vertex starts a chain
	quantSide    uint32 = 1 << 16       // reference point strictly left of the edge ending here
)

// Why the signs quantContains trusts are the exact ones. Work in units of
// the quantum q = 2^-σ about the bucket's centre c: a vertex v is V* =
// (v-c)·2^σ exactly, the point P* = (p-c)·2^σ, the reference point R* =
// (r-c)·2^σ; scaling by a power of two keeps the signs of orientations, so
// Orient(a, b, p) has the sign of (A*-P*)×(B*-P*). What is stored and
// computed differs from these by at most τ = 0.5 + 2^-30 a coordinate:
// the stored V is round(fl(v-c)·2^σ) with |V| ≤ quantMax, so |V - V*| ≤
// 1/2 + u·2^14 (u = 2^-53); P = fl(p-c)·2^σ and R = fl(r-c)·2^σ are off by
// at most u·|P*| and u·|R*|, below 2^-30 as both lie within the bucket
// (|P*|, |R*| ≤ quantSpan/2, give or take the rounding of bucketX and
// bucketY); and the differences x = fl(V-P) are off by at
// most u·2^15 more. For two such difference vectors x, y (computed) and x*,
// y* (exact) with |x_i - x*_i| ≤ τ,
//
//	|(x*₀y*₁ - x*₁y*₀) - (x₀y₁ - x₁y₀)| ≤ τ(|x₀|+|x₁|+|y₀|+|y₁|) + 2τ²,
//
// and evaluating x₀y₁ - x₁y₀ in floating point (fused or not) adds at most
// 3u·|x|₁·|y|₁ < 2^-17, as every |x_i| < 2^15 + 2^14. With sx = fl(|x₀| +
// |x₁|) ≥ (|x₀|+|x₁|)(1-u) and likewise sy, the computed bound
// 0.52·(sx + sy) + 1 exceeds τ(|x|₁+|y|₁) + 2τ² + 2^-17 (0.52(1-u)(1-2u)
// > τ, and 2τ² + 2^-17 < 0.51 < 1 less the rounding of the bound itself),
// so a computed orientation beyond it has the exact orientation's sign.
// An edge is then decided as in cellContains (certainFlip), or when only
// some signs are certain, by the one that suffices: both ends certainly on
// one side of the line p→r, or p certainly on r's side of the edge's line,
// means no flip and p not on the edge. Anything else is refused, and the
// point is classified exactly through the polygon's own grid.

// quantPair encodes the edges (sorted indices) of pts meeting bucket (i, j)
// of fr, whose reference point r (refFractions[ref]) has state state, as a
// pairQuant pair's vertex words appended to ws, with its header hdr; ok
// is false when the pair cannot be quantised (too many words, or a scale
// out of range), and it is then stored as a pairEdges pair.
func quantPair(fr *prepared, pts []orb.Point, edges []uint32, i, j int, r orb.Point, ref, state uint32, ws []uint32) (out []uint32, hdr uint32, ok bool) {
	c := fr.refPoint(i, j, refFractions[0])
	span := max(fr.dx, fr.dy)
	words := 0
	for n, e := range edges {
		if n == 0 || e != edges[n-1]+1 {
			words++
			span = max(span, math.Abs(pts[e][0]-c[0]), math.Abs(pts[e][1]-c[1]))
		}
		words++
		span = max(span, math.Abs(pts[e+1][0]-c[0]), math.Abs(pts[e+1][1]-c[1]))
	}
	if words > maxQuantWord || !(span > 0) || math.IsInf(span, 0) {
		return ws, 0, false
	}
	// σ with span·2^σ in [quantSpan/2, quantSpan): every stored coordinate
	// rounds to at most quantSpan, checked below, and the point and the
	// reference point (in the bucket, within half a side of c) are within
	// quantSpan/2.
	_, exp := math.Frexp(span) // span < 2^exp
	sigma := quantExp - exp
	if sigma < -1000 || sigma > 1000 {
		return ws, 0, false
	}
	s := math.Ldexp(1, sigma)
	fits := true
	q := func(v, o float64) uint32 {
		n := math.Round((v - o) * s)
		fits = fits && math.Abs(n) <= quantMax
		return uint32(int32(n)) & 0x7fff
	}
	vertex := func(v orb.Point) uint32 { return q(v[0], c[0])<<1 | q(v[1], c[1])<<17 }
	for n, e := range edges {
		if n == 0 || e != edges[n-1]+1 {
			ws = append(ws, vertex(pts[e])|quantChain)
		}
		w := vertex(pts[e+1])
		if geo.Orient(pts[e], pts[e+1], r) > 0 {
			w |= quantSide
		}
		ws = append(ws, w)
	}
	if !fits { // a coordinate rounded up to quantSpan
		return ws, 0, false
	}
	return ws, uint32(sigma+1023)<<16 | uint32(words)<<10 | ref<<1 | state, true
}

// quantWords returns a pairQuant pair's vertex words given the words from
// its first word on, its header, and the number of words it spans.
func quantWords(ws []uint32) (hdr uint32, vs []uint32, size int) {
	hdr = ws[1]
	n := int(hdr>>10) & 63
	return hdr, ws[2 : 2+n], 2 + n
}

// quantContains classifies p, in bucket (bi, bj) of g, from a pairQuant
// pair with header hdr and vertex words vs; certain is false when a sign
// it needs cannot be certified (see above) and the caller must decide
// exactly. c is the bucket's centre (refFractions[0]).
func (g *pointGrid) quantContains(p, c orb.Point, bi, bj int, hdr uint32, vs []uint32) (in, certain bool) {
	s := math.Float64frombits(uint64(hdr>>16&0x7ff) << 52)
	px, py := (p[0]-c[0])*s, (p[1]-c[1])*s
	var rpx, rpy float64 // R - P
	if ref := (hdr >> 1) & 7; ref == 0 {
		rpx, rpy = -px, -py // the reference point is the centre: R = 0
	} else {
		r := g.fr.refPoint(bi, bj, refFractions[ref])
		rpx, rpy = (r[0]-c[0])*s-px, (r[1]-c[1])*s-py
	}
	sr := math.Abs(rpx) + math.Abs(rpy)
	var flips uint64
	var ax, ay, sa float64
	for _, v := range vs {
		cx := float64(int32(int16(uint16(v)))>>1) - px
		cy := float64(int32(v)>>17) - py
		sc := math.Abs(cx) + math.Abs(cy)
		if v&quantChain == 0 {
			d0 := ax*cy - ay*cx   // Orient(a, c, p)
			d1 := ax*rpy - ay*rpx // Orient(p, r, a)
			d2 := cx*rpy - cy*rpx // Orient(p, r, c)
			ok0 := math.Abs(d0) > 0.52*(sa+sc)+1
			ok1 := math.Abs(d1) > 0.52*(sa+sr)+1
			ok2 := math.Abs(d2) > 0.52*(sc+sr)+1
			rLeft := uint64(v>>16) & 1
			if ok0 && ok1 && ok2 {
				flips ^= certainFlip(d0, d1, d2, rLeft)
			} else if !(ok1 && ok2 && (d1 > 0) == (d2 > 0)) && !(ok0 && (d0 > 0) == (rLeft == 1)) {
				return false, false
			}
		}
		ax, ay, sa = cx, cy, sc
	}
	return (hdr&1 == 1) != (flips == 1), true
}

// quantHit reports whether record k's polygon contains p, in bucket
// (bi, bj), from the record's pairQuant pair with header hdr and vertex
// words vs, deciding exactly through the polygon's own grid when the
// stored vertices cannot. The bucket's centre is computed here, not once
// a point, so that lookups on grids without pairQuant pairs do not pay it.
func (g *pointGrid) quantHit(p orb.Point, bi, bj int, k, hdr uint32, vs []uint32) bool {
	c := g.fr.refPoint(bi, bj, refFractions[0])
	if in, ok := g.quantContains(p, c, bi, bj, hdr, vs); ok {
		return in
	}
	return g.recs[k].e.poly.contains(p)
}
