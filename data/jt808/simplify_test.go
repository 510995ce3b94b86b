package jt808

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// wiggly is a closed ring of n vertices around Linfen with a sawtooth
// boundary, the worst case for Douglas–Peucker's recursion.
func wiggly(n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := float64(i) / float64(n) * 2 * math.Pi
		rad := 0.05 + 0.001*float64(i%2)
		r = append(r, orb.Point{111.5 + rad*math.Cos(a), 36.08 + rad*math.Sin(a)})
	}
	return append(r, r[0])
}

func TestSimplifyLargeRing(t *testing.T) {
	got, tol := SimplifyRing(wiggly(20_000), 100)
	// The teeth are 0.001° ≈ 90–110 m deep: a 100-vertex outline of a
	// 0.05° circle must drop them, and deviates from the circle by its
	// sagitta plus the teeth (well under 250 m).
	if len(got) != 100 || tol < 80 || tol > 250 {
		t.Fatalf("%d vertices at tolerance %g m", len(got), tol)
	}
}

func BenchmarkSimplify50k(b *testing.B) {
	r := wiggly(50_000)
	for b.Loop() {
		SimplifyRing(r, 100)
	}
}

// FuzzSimplifyRing: for any ring and limit the result keeps at most
// max(limit, 3) vertices, all of them original vertices in ring order.
func FuzzSimplifyRing(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3)
	f.Add([]byte{0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9}, 4)
	f.Fuzz(func(t *testing.T, data []byte, limit int) {
		var r orb.Ring
		for i := 0; i+1 < len(data); i += 2 {
			r = append(r, orb.Point{111 + float64(data[i])/100, 36 + float64(data[i+1])/100})
		}
		if len(r) < 3 || limit > 1000 || limit < -1000 {
			return
		}
		r = append(r, r[0])
		got, tol := SimplifyRing(r, limit)
		if len(got) > max(limit, 3) && len(openRing(r)) > max(limit, 3) {
			t.Fatalf("%d vertices for limit %d", len(got), limit)
		}
		if math.IsNaN(tol) || tol < 0 {
			t.Fatalf("tolerance %g", tol)
		}
		j := 0
		for _, v := range got {
			for j < len(r) && (r[j][0] != v[0] || r[j][1] != v[1]) {
				j++
			}
			if j == len(r) {
				t.Fatalf("vertex %v is not an original vertex in order", v)
			}
		}
	})
}
