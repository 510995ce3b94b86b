package wire_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/wire"
)

func TestParseFloat(t *testing.T) {
	t.Parallel()
	good := map[string]float64{"0": 0, "10": 10, "-12.5": -12.5, "36.08": 36.08, "1e3": 1000, "1E-2": 0.01, "2.5e+1": 25, "007": 7, "-0": math.Copysign(0, -1)}
	for in, want := range good {
		got, err := wire.ParseFloat(in)
		if err != nil || got != want {
			t.Errorf("ParseFloat(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1_0", "0x1p4", "0x10", "Inf", "+Inf", "-inf", "NaN", "nan", "infinity", "+1", ".5", "1.", "1e", "1e+", " 1", "1 ", "1,5", "--1", "1e400", "١"} {
		if got, err := wire.ParseFloat(in); err == nil {
			t.Errorf("ParseFloat(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseInt(t *testing.T) {
	t.Parallel()
	good := map[string]int64{"0": 0, "10": 10, "-3": -3, "9223372036854775807": math.MaxInt64}
	for in, want := range good {
		got, err := wire.ParseInt(in)
		if err != nil || got != want {
			t.Errorf("ParseInt(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1_0", "0x10", "+1", "1.0", "1e3", " 1", "9223372036854775808", "Inf"} {
		if got, err := wire.ParseInt(in); err == nil {
			t.Errorf("ParseInt(%q) = %v, want an error", in, got)
		}
	}
}

// FuzzParseFloat checks that what ParseFloat accepts is a finite plain
// decimal that strconv reads the same way, and that it never accepts the
// forms strconv alone would.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"1", "-2.5e3", "1_0", "0x1p4", "Inf", "NaN", "+1", ".5", "1e400", "36.08"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := wire.ParseFloat(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(s, "_xXpPiInN \t") || strings.HasPrefix(s, "+") {
			t.Fatalf("ParseFloat(%q) = %v accepted a non-decimal form", s, got)
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || want != got || math.IsInf(got, 0) || math.IsNaN(got) {
			t.Fatalf("ParseFloat(%q) = %v; strconv says %v, %v", s, got, want, err)
		}
		if n, err := wire.ParseInt(s); err == nil && float64(n) != got && math.Abs(float64(n)) < 1<<53 {
			t.Fatalf("ParseInt(%q) = %d, ParseFloat = %v", s, n, got)
		}
	})
}
