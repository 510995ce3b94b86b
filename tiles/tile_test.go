package tiles_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/tiles"
)

func TestParseTile(t *testing.T) {
	cases := []struct {
		name    string
		z, x, y string
		want    maptile.Tile
		field   string // "" when valid
		msg     string
	}{
		{"zero", "0", "0", "0", maptile.New(0, 0, 0), "", ""},
		{"linfen_z8", "8", "207", "101", maptile.New(207, 101, 8), "", ""},
		{"max_zoom_corner", "18", "262143", "262143", maptile.New(262143, 262143, 18), "", ""},
		{"zoom_19", "19", "0", "0", maptile.Tile{}, "z", "tile z: 19 is outside [0, 18]"},
		{"x_out_of_range", "8", "256", "0", maptile.Tile{}, "x", "tile x: 256 is outside [0, 255] at zoom 8"},
		{"y_out_of_range", "0", "0", "1", maptile.Tile{}, "y", "tile y: 1 is outside [0, 0] at zoom 0"},
		{"negative", "3", "-1", "0", maptile.Tile{}, "x", `tile x: "-1" is not a non-negative integer`},
		{"not_a_number", "abc", "0", "0", maptile.Tile{}, "z", `tile z: "abc" is not a non-negative integer`},
		{"suffix_left", "3", "1", "2.mvt", maptile.Tile{}, "y", `tile y: "2.mvt" is not a non-negative integer`},
		{"empty", "", "0", "0", maptile.Tile{}, "z", `tile z: "" is not a non-negative integer`},
		{"huge", "99999999999", "0", "0", maptile.Tile{}, "z", "tile z: 99999999999 is outside [0, 18]"},
		{"plus_sign", "+3", "0", "0", maptile.Tile{}, "z", `tile z: "+3" is not a non-negative integer`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tiles.ParseTile(tc.z, tc.x, tc.y)
			if tc.field == "" {
				if err != nil || got != tc.want {
					t.Fatalf("ParseTile = %v, %v; want %v", got, err, tc.want)
				}
				return
			}
			var te *tiles.TileError
			if !errors.As(err, &te) || te.Field != tc.field || err.Error() != tc.msg {
				t.Fatalf("ParseTile error = %v; want field %s, %q", err, tc.field, tc.msg)
			}
			if !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("error does not wrap geo.ErrInvalid")
			}
		})
	}
}

// FuzzParseTile: never panics, wraps geo.ErrInvalid on failure, and
// accepts only in-range decimal addresses, returning their values.
func FuzzParseTile(f *testing.F) {
	for _, s := range [][3]string{{"0", "0", "0"}, {"18", "1", "2"}, {"19", "0", "0"}, {"3", "8", "7"}, {"x", "", "-"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, z, x, y string) {
		tl, err := tiles.ParseTile(z, x, y)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) {
				t.Fatalf("error %v does not wrap geo.ErrInvalid", err)
			}
			return
		}
		if tl.Z > tiles.MaxZoom || !tl.Valid() {
			t.Fatalf("accepted invalid tile %v", tl)
		}
		for _, c := range []struct {
			s string
			v uint32
		}{{z, uint32(tl.Z)}, {x, tl.X}, {y, tl.Y}} {
			if n, err := strconv.ParseUint(c.s, 10, 32); err != nil || uint32(n) != c.v {
				t.Fatalf("ParseTile(%q,%q,%q) = %v: %q is not %d", z, x, y, tl, c.s, c.v)
			}
		}
	})
}
