package contour_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/zonegate/zonegate/geo/contour"
)

// validCells counts cells without a NaN corner.
func validCells(f contour.Field) int {
	n := 0
	for r := 0; r < f.H-1; r++ {
		for c := 0; c < f.W-1; c++ {
			i := r*f.W + c
			v := f.Values
			if v[i] == v[i] && v[i+1] == v[i+1] && v[i+f.W] == v[i+f.W] && v[i+f.W+1] == v[i+f.W+1] {
				n++
			}
		}
	}
	return n
}

// sameSideBlock reports whether the 3×3 cells around p's cell (all of
// them) are valid and have every corner on one side of level, and which.
func sameSideBlock(f contour.Field, p orb.Point, level float64) (ok, below bool) {
	c := int(math.Floor((p[0] - f.X0) / f.DX))
	r := int(math.Floor((f.Y0 - p[1]) / f.DY))
	first := true
	for rr := r - 1; rr <= r+2; rr++ {
		for cc := c - 1; cc <= c+2; cc++ {
			if rr < 0 || cc < 0 || rr >= f.H || cc >= f.W {
				return false, false
			}
			v := float64(f.Values[rr*f.W+cc])
			if math.IsNaN(v) {
				return false, false
			}
			b := v < level
			if first {
				below, first = b, false
			} else if b != below {
				return false, false
			}
		}
	}
	return true, below
}

// TestRandomFields is the property test: on random integer fields with
// ties and NaN, Below and Above are valid, tile the valid cells exactly,
// and agree with the field at points away from the contour.
func TestRandomFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t, 20240605), 7))
	for iter := 0; iter < 300; iter++ {
		w, h := 2+rng.IntN(30), 2+rng.IntN(30)
		f := randomField(rng, w, h, 1+rng.IntN(6), []float64{0, 0.05, 0.3}[rng.IntN(3)])
		level := float64(rng.IntN(6))
		if rng.IntN(2) == 0 {
			level += 0.5
		}
		var o contour.Options
		if iter%4 == 3 {
			o.SimplifyTolerance = 0.01 * rng.Float64() * 3
		}
		below, err := contour.Below(f, level, o)
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		above, err := contour.Above(f, level, o)
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		if t.Failed() {
			return
		}
		ctx := fmt.Sprintf("iter %d (%d×%d level %g, options %+v)", iter, w, h, level, o)
		mustValidCtx(t, ctx+" below", below)
		mustValidCtx(t, ctx+" above", above)
		if o.SimplifyTolerance > 0 {
			continue
		}
		want := float64(validCells(f)) * 1e-4
		if got := planar.Area(below) + planar.Area(above); math.Abs(got-want) > 1e-9 {
			t.Fatalf("iter %d (%d×%d level %g): below+above = %g, want %g", iter, w, h, level, got, want)
		}
		for k := 0; k < 50; k++ {
			p := orb.Point{f.X0 + rng.Float64()*float64(w-1)*f.DX, f.Y0 - rng.Float64()*float64(h-1)*f.DY}
			ok, isBelow := sameSideBlock(f, p, level)
			if !ok {
				continue
			}
			if v := bilinear(f, p); (v < level) != isBelow {
				t.Fatalf("oracle disagrees with itself at %v", p)
			}
			if planar.MultiPolygonContains(below, p) != isBelow || planar.MultiPolygonContains(above, p) == isBelow {
				t.Fatalf("iter %d (%d×%d level %g): point %v below=%v but below contains %v, above contains %v",
					iter, w, h, level, p, isBelow, planar.MultiPolygonContains(below, p), planar.MultiPolygonContains(above, p))
			}
		}
	}
}

// TestSimplifyAndMinArea: simplification keeps validity and stays within
// the tolerance of the area; MinArea drops small rings.
func TestSimplifyAndMinArea(t *testing.T) {
	f := makeField(201, 201, 0.001, func(x, y float64) float64 {
		return 500 + 300*math.Sin((x-testX0)*60)*math.Cos((y-testY0)*45) + 20*math.Sin((x-testX0)*700+(y-testY0)*300)
	})
	full, err := contour.Below(f, 500, contour.Options{})
	if err != nil {
		t.Fatal(err)
	}
	simple, err := contour.Below(f, 500, contour.Options{SimplifyTolerance: 0.002})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, full)
	mustValid(t, simple)
	count := func(mp orb.MultiPolygon) int {
		n := 0
		for _, p := range mp {
			for _, r := range p {
				n += len(r)
			}
		}
		return n
	}
	if count(simple) >= count(full)/2 {
		t.Errorf("simplified %d vertices, full %d: want at least halved", count(simple), count(full))
	}
	if e := relErr(planar.Area(simple), planar.Area(full)); e > 0.02 {
		t.Errorf("simplified area off by %.3f", e)
	}
	big, err := contour.Below(f, 500, contour.Options{MinArea: 1e-4})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, big)
	for _, p := range big {
		for _, r := range p {
			if a := math.Abs(planar.Area(r)); a < 1e-4 {
				t.Fatalf("ring of area %g survived MinArea 1e-4", a)
			}
		}
	}
	if len(big) > len(full) {
		t.Errorf("MinArea added polygons: %d > %d", len(big), len(full))
	}
}

// FuzzBelow: any small grid and level gives valid output or an error,
// never a panic.
func FuzzBelow(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 255, 5, 6, 7, 8}, uint8(3), uint8(4), false)
	f.Add([]byte{9, 9, 9, 9}, uint8(2), uint8(9), true)
	f.Fuzz(func(t *testing.T, data []byte, w uint8, level uint8, above bool) {
		width := int(w%16) + 2
		if len(data) < 2*width {
			return
		}
		h := len(data) / width
		fd := contour.Field{W: width, H: h, Values: make([]float32, width*h), X0: testX0, Y0: testY0, DX: 0.01, DY: 0.01}
		for i := range fd.Values {
			if data[i] == 255 {
				fd.Values[i] = float32(math.NaN())
			} else {
				fd.Values[i] = float32(data[i] % 16)
			}
		}
		fn := contour.Below
		if above {
			fn = contour.Above
		}
		mp, err := fn(fd, float64(level%16), contour.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustValid(t, mp)
		for _, l := range contour.Isolines(fd, float64(level%16)) {
			if len(l) < 2 {
				t.Fatalf("isoline of %d points", len(l))
			}
		}
	})
}
