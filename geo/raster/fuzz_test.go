package raster_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// FuzzReadGeoTIFF: arbitrary bytes never panic; they decode to a
// consistent grid or fail with ErrFormat. Allocation is bounded by the
// reader's own checks (MaxCells and the expansion bound).
func FuzzReadGeoTIFF(f *testing.F) {
	for _, name := range []string{"int16_lzw_pred2_tiled.tif", "float32_deflate_pred3_be.tif", "uint16_none_strips.tif"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := raster.ReadGeoTIFF(data)
		if err != nil {
			if !errors.Is(err, raster.ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		if len(g.Data) != g.Width*g.Height || g.Width*g.Height > raster.MaxCells || !(g.DX > 0 && g.DY > 0) {
			t.Fatalf("inconsistent grid %d×%d, %d samples, cell %g×%g", g.Width, g.Height, len(g.Data), g.DX, g.DY)
		}
	})
}

// FuzzReadHGT: any name and a small header of bytes (expanded to both
// valid sizes and some invalid ones) never panic.
func FuzzReadHGT(f *testing.F) {
	f.Add("N36E111.hgt", []byte{0x80, 0x00, 0x01, 0x02}, uint8(0))
	f.Add("s08w071.HGT", []byte{0xff}, uint8(1))
	f.Add("x", []byte{}, uint8(2))
	f.Fuzz(func(t *testing.T, name string, head []byte, size uint8) {
		n := []int{2 * 1201 * 1201, 2 * 3601 * 3601, len(head), 2*1201*1201 - 1}[size%4]
		data := make([]byte, n)
		copy(data, head)
		g, err := raster.ReadHGT(name, data)
		if err != nil {
			if !errors.Is(err, raster.ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		if len(head) >= 2 {
			want := int16(binary.BigEndian.Uint16(head))
			got := g.At(0, 0)
			if (want == -32768) != (got != got) || (want != -32768 && got != float32(want)) {
				t.Fatalf("first sample %v, want %d", got, want)
			}
		}
	})
}
