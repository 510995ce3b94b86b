package tiles

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The fitted Mercator y agrees with the exact formula to 1e-9 units, or
// 16 rounding errors of the world size at deep zooms, over the whole clip
// box, and is refused where a tile spans too much latitude.
func TestFittedYMatchesExact(t *testing.T) {
	cases := []struct {
		name   string
		lat    float64
		z      maptile.Zoom
		wantOK bool
	}{
		{"world", 0, 0, false},
		{"z3_linfen", 36, 3, false},
		{"z6_equator", 0, 6, true},
		{"z8_linfen", 36, 8, true},
		{"z8_arctic", 80, 8, true},
		{"z12_linfen", 36, 12, true},
		{"z15_linfen", 36, 15, true},
		{"z18_linfen", 36, 18, true},
		{"z18_south", -60, 18, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFrame(maptile.At(orb.Point{111.5, tc.lat}, tc.z), Options{}.withDefaults())
			c := fitY(f, f.clip.Min[1], f.clip.Max[1])
			if c.ok != tc.wantOK {
				t.Fatalf("fit ok = %v, want %v", c.ok, tc.wantOK)
			}
			if !c.ok {
				return
			}
			limit := 2 * max(maxChebErr, 16*f.scale*0x1p-53)
			for k := range 1001 {
				lat := f.clip.Min[1] + (f.clip.Max[1]-f.clip.Min[1])*float64(k)/1000
				if d := math.Abs(c.eval(lat) - f.yExact(lat)); d > limit {
					t.Fatalf("lat %v: fitted y is %g units off (limit %g)", lat, d, limit)
				}
			}
		})
	}
}
