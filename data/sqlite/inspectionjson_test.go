package sqlite

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestInspectionJSONMatchesMarshal: the hand-written position and reason
// codes are json.Marshal's bytes, and refused where json.Marshal fails.
func TestInspectionJSONMatchesMarshal(t *testing.T) {
	t.Parallel()
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 111.5186, 36.088, 1e-6, 9.99e-7, 1e-7, -1.5e-9, 1e20, 1e21, 1.5e21,
		-1e300, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1 + 0.2, 123456789.123456789}
	rng := rand.New(rand.NewPCG(16, 3))
	for range 2000 {
		floats = append(floats, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(60)-30)))
	}
	for i, x := range floats {
		y := floats[(i*7+3)%len(floats)]
		p := orb.Point{x, y}
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := appendPointJSON(nil, p)
		if !ok || string(got) != string(want) {
			t.Fatalf("point %v: got %s (ok %v), want %s", p, got, ok, want)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, ok := appendPointJSON(nil, orb.Point{1, bad}); ok {
			t.Errorf("point with %v encoded", bad)
		}
		if _, ok := appendPointJSON(nil, orb.Point{bad, 1}); ok {
			t.Errorf("point with %v encoded", bad)
		}
	}
	for _, codes := range [][]string{nil, {}, {"COAL_BAN_ZONE"}, {"A", "B_2", "c-d.e"}, {""}, {"<b>"}, {"a&b"},
		{`q"uote`}, {`back\slash`}, {"tab\t"}, {"\x00"}, {"禁煤区"}, {"bad\xff"}, {"\u2028"}, {"~ok!"}, {"del\x7f"}} {
		want, err := json.Marshal(codes)
		if err != nil {
			t.Fatal(err)
		}
		got, err := reasonsJSON(codes)
		if err != nil || got != string(want) {
			t.Errorf("reasons %q: got %s (%v), want %s", codes, got, err, want)
		}
	}
}
