package geo_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

func ratOrient(a, b, c orb.Point) int {
	r := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	acx := new(big.Rat).Sub(r(a[0]), r(c[0]))
	acy := new(big.Rat).Sub(r(a[1]), r(c[1]))
	bcx := new(big.Rat).Sub(r(b[0]), r(c[0]))
	bcy := new(big.Rat).Sub(r(b[1]), r(c[1]))
	return new(big.Rat).Sub(new(big.Rat).Mul(acx, bcy), new(big.Rat).Mul(acy, bcx)).Sign()
}

// TestOrientExact checks orient against rational arithmetic on nearly
// collinear triples, where a plain float determinant gets the sign wrong.
func TestOrientExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	wrongFloat := 0
	for i := 0; i < 20000; i++ {
		a := orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		b := orb.Point{111 + rng.Float64(), 36 + rng.Float64()}
		f := rng.Float64()
		c := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])} // on the line, up to rounding
		if i%3 == 0 {
			c[0] += float64(rng.IntN(5)-2) * 1.4e-14 // a few ulps off
		}
		want := ratOrient(a, b, c)
		if got := geo.Orient(a, b, c); got != want {
			t.Fatalf("geo.Orient(%v, %v, %v) = %d, want %d", a, b, c, got, want)
		}
		fl := (a[0]-c[0])*(b[1]-c[1]) - (a[1]-c[1])*(b[0]-c[0])
		if (fl > 0) != (want > 0) || (fl == 0) != (want == 0) {
			wrongFloat++
		}
	}
	if wrongFloat == 0 {
		t.Fatal("no triple defeated the naive float determinant: the test is too easy")
	}
	t.Logf("naive float sign wrong on %d triples", wrongFloat)
}

// TestOrientExactZero pins the zero cases the index relies on.
func TestOrientExactZero(t *testing.T) {
	a, b := orb.Point{0.1, 0.2}, orb.Point{0.3, 0.6}
	if got := geo.Orient(a, b, a); got != 0 {
		t.Errorf("orient at vertex = %d, want 0", got)
	}
	if got := geo.Orient(orb.Point{1, 5}, orb.Point{3, 5}, orb.Point{2, 5}); got != 0 {
		t.Errorf("orient on horizontal edge = %d, want 0", got)
	}
	if got := geo.Orient(a, b, orb.Point{0.2, 0.4}); got != ratOrient(a, b, orb.Point{0.2, 0.4}) {
		t.Errorf("Orient disagrees with rationals: %d", got)
	}
}
