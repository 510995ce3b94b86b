package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// ccwErrBound is Shewchuk's error bound for the floating-point evaluation of
// the 2D orientation determinant: (3 + 16ε)ε with ε = 2⁻⁵³. When
// |l - r| > OrientErrBound·(|l| + |r|) for the two products l and r of the
// determinant, the floating-point sign is certain. Hot loops that cannot
// afford a call per test (Orient is too large to inline) evaluate this
// filter themselves and call Orient only when it is inconclusive.
const OrientErrBound = (3.0 + 16.0*0x1p-53) * 0x1p-53

// Orient returns the sign of the cross product (a-c)×(b-c): +1 when a, b, c
// turn counter-clockwise (c is left of the directed line a→b), -1 when they
// turn clockwise and 0 when the three points are collinear. The answer is
// exact for all finite inputs: a fast floating-point evaluation is used when
// its error bound proves the sign, an exact expansion otherwise.
func Orient(a, b, c orb.Point) int {
	l := (a[0] - c[0]) * (b[1] - c[1])
	r := (a[1] - c[1]) * (b[0] - c[0])
	det := l - r
	bound := OrientErrBound * (math.Abs(l) + math.Abs(r))
	if det > bound {
		return 1
	}
	if -det > bound {
		return -1
	}
	return orientSlow(a, b, c, bound)
}

// orientSlow decides the cases Orient's filter cannot.
func orientSlow(a, b, c orb.Point, bound float64) int {
	if bound == 0 {
		// Both products are exactly zero (a difference of floats rounds
		// to zero only when it is zero), so the determinant is zero.
		return 0
	}
	return orientExact(a, b, c)
}

// orientExact evaluates the orientation determinant exactly with
// floating-point expansions (error-free differences and products), returning
// its sign.
func orientExact(a, b, c orb.Point) int {
	acx, acxt := twoDiff(a[0], c[0])
	bcx, bcxt := twoDiff(b[0], c[0])
	acy, acyt := twoDiff(a[1], c[1])
	bcy, bcyt := twoDiff(b[1], c[1])

	var buf [40]float64
	e := buf[:0]
	addProduct := func(x, y float64, neg bool) {
		p := x * y
		t := math.FMA(x, y, -p)
		if neg {
			p, t = -p, -t
		}
		e = growExpansion(e, t)
		e = growExpansion(e, p)
	}
	addProduct(acx, bcy, false)
	addProduct(acx, bcyt, false)
	addProduct(acxt, bcy, false)
	addProduct(acxt, bcyt, false)
	addProduct(acy, bcx, true)
	addProduct(acy, bcxt, true)
	addProduct(acyt, bcx, true)
	addProduct(acyt, bcxt, true)
	for i := len(e) - 1; i >= 0; i-- {
		switch {
		case e[i] > 0:
			return 1
		case e[i] < 0:
			return -1
		}
	}
	return 0
}

// twoDiff returns x and y with x + y == a - b exactly.
func twoDiff(a, b float64) (x, y float64) {
	x = a - b
	bv := a - x
	av := x + bv
	br := bv - b
	ar := a - av
	return x, ar + br
}

// twoSum returns x and y with x + y == a + b exactly.
func twoSum(a, b float64) (x, y float64) {
	x = a + b
	bv := x - a
	av := x - bv
	br := b - bv
	ar := a - av
	return x, ar + br
}

// growExpansion adds b to the non-overlapping expansion e (components in
// increasing magnitude, zeros eliminated) and returns the new expansion,
// reusing e's storage. The caller provides capacity for one more component.
func growExpansion(e []float64, b float64) []float64 {
	q := b
	n := 0
	for _, ei := range e {
		var h float64
		q, h = twoSum(q, ei)
		if h != 0 {
			e[n] = h
			n++
		}
	}
	e = e[:n]
	if q != 0 {
		e = append(e, q)
	}
	return e
}
