package index_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// TestZonesAtFarValidity covers validity bounds and query times outside
// the range the point lookup compares as Unix nanoseconds.
func TestZonesAtFarValidity(t *testing.T) {
	at := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	mk := func(id string, from, to time.Time) *geo.Zone {
		z := published("l", id, square(0, 0, 1))
		z.Validity = geo.Validity{From: from, To: to}
		return z
	}
	ix := index.New()
	ix.Apply(
		mk("ancient", at(1000), at(1500)),
		mk("modern", at(2000), at(2100)),
		mk("future", at(2100), at(9000)),
		mk("open", time.Time{}, time.Time{}),
	)
	s := ix.Snapshot()
	tests := []struct {
		name string
		at   time.Time
		want []string
	}{
		{"ZeroTime", time.Time{}, []string{"l/open@1"}},
		{"Year1200", at(1200), []string{"l/ancient@1", "l/open@1"}},
		{"Year1500IsExclusive", at(1500), []string{"l/open@1"}},
		{"Year2050", at(2050), []string{"l/modern@1", "l/open@1"}},
		{"Year2100", at(2100), []string{"l/future@1", "l/open@1"}},
		{"Year5000", at(5000), []string{"l/future@1", "l/open@1"}},
		{"Year9000", at(9000), []string{"l/open@1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := keys(s.ZonesAt(nil, orb.Point{0.5, 0.5}, index.Query{At: tc.at}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("ZonesAt = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestZonesAtManyOverlapping piles up more overlapping zones than the
// lookup's fixed-size scratch lists hold (boundary cells and hits), in
// several layers, and checks every answer against the oracle.
func TestZonesAtManyOverlapping(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 9))
	ix := index.New()
	var zs []*geo.Zone
	c := orb.Point{111.5, 36}
	for i := 0; i < 150; i++ {
		z := published(fmt.Sprintf("l%d", i%3), fmt.Sprintf("z%03d", 149-i), orb.Polygon{star(rng, c, 0.01, 0.05, 20+rng.IntN(300), i%2 == 0)})
		zs = append(zs, z)
	}
	ix.Apply(zs...)
	s := ix.Snapshot()
	prefix := []*geo.Zone{zs[0]} // ZonesAt must leave existing dst alone
	for n := 0; n < 400; n++ {
		p := orb.Point{c[0] - 0.05 + 0.1*rng.Float64(), c[1] - 0.05 + 0.1*rng.Float64()}
		var want []string
		for _, z := range zs {
			if oracleContains(allRings(z.Geometry), p) {
				want = append(want, fmt.Sprintf("%s/%s@%d", z.Layer, z.ID, z.Version))
			}
		}
		slices.Sort(want)
		got := s.ZonesAt(slices.Clone(prefix), p, index.Query{At: t2020})
		if got[0] != zs[0] {
			t.Fatalf("point %v: ZonesAt changed dst's existing element", p)
		}
		if k := keys(got[1:]); !slices.Equal(k, want) && !(len(k) == 0 && len(want) == 0) {
			t.Fatalf("point %v: ZonesAt = %v, want %v", p, k, want)
		}
	}
}
