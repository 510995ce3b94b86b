package jsonfloat

import (
	"encoding/json"
	"math"
	"testing"
)

func FuzzAppend(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 111.5186, 36.088, 1e-6, 9.99e-7, 1e-9, 1e20, 1e21,
		-1.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		want, err := json.Marshal(x)
		got, ok := Append([]byte("prefix"), x)
		if err != nil {
			if ok {
				t.Fatalf("Append(%v) accepted what encoding/json refuses", x)
			}
			return
		}
		if !ok || string(got) != "prefix"+string(want) {
			t.Fatalf("Append(%v) = %q, %v; want prefix%s", x, got, ok, want)
		}
	})
}

func TestAppendAllocates(t *testing.T) {
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf, _ = Append(buf[:0], 1.25e-7) }); n != 0 {
		t.Fatalf("Append allocates %v times", n)
	}
}
