package raster_test

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// hgtValue is the synthetic .hgt surface; every 1000th sample is void.
func hgtValue(c, r int) int16 { return int16((r*31+c*17)%4000 - 500) }

func hgtVoid(c, r, side int) bool { return (r*side+c)%1000 == 999 }

// synthHGT builds the bytes of a side×side .hgt tile.
func synthHGT(side int) []byte {
	data := make([]byte, 2*side*side)
	for r := range side {
		for c := range side {
			v := hgtValue(c, r)
			if hgtVoid(c, r, side) {
				v = -32768
			}
			binary.BigEndian.PutUint16(data[2*(r*side+c):], uint16(v))
		}
	}
	return data
}

func checkHGT(t *testing.T, g *raster.Grid, side int) {
	t.Helper()
	bad := 0
	for r := range side {
		for c := range side {
			got := g.At(c, r)
			if hgtVoid(c, r, side) {
				if !math.IsNaN(float64(got)) {
					t.Fatalf("void (%d, %d) = %v, want NaN", c, r, got)
				}
			} else if got != float32(hgtValue(c, r)) {
				if bad++; bad < 5 {
					t.Errorf("(%d, %d) = %v, want %d", c, r, got, hgtValue(c, r))
				}
			}
		}
	}
}

func TestReadHGTSynthetic(t *testing.T) {
	cases := []struct {
		name         string
		side         int
		wantLon      float64
		wantLat      float64 // of the SW corner
		wantStepSecs float64
	}{
		{"N36E111.hgt", 1201, 111, 36, 3},
		{"/data/srtm/s08w071.HGT", 1201, -71, -8, 3},
		{`C:\dem\N00W180.SRTMGL3.hgt`, 1201, -180, 0, 3},
		{"N35E110.hgt", 3601, 110, 35, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := raster.ReadHGT(tc.name, synthHGT(tc.side))
			if err != nil {
				t.Fatal(err)
			}
			if g.Width != tc.side || g.Height != tc.side || g.EPSG != 4326 {
				t.Fatalf("size %d×%d EPSG %d, want %d² 4326", g.Width, g.Height, g.EPSG, tc.side)
			}
			step := tc.wantStepSecs / 3600
			if g.X0 != tc.wantLon || g.Y0 != tc.wantLat+1 || math.Abs(g.DX-step) > 1e-15 || math.Abs(g.DY-step) > 1e-15 {
				t.Fatalf("georef %v %v %v %v, want %v %v %v", g.X0, g.Y0, g.DX, g.DY, tc.wantLon, tc.wantLat+1, step)
			}
			b := g.Bounds()
			if math.Abs(b.Min[0]-tc.wantLon) > 1e-12 || math.Abs(b.Max[0]-tc.wantLon-1) > 1e-12 ||
				math.Abs(b.Min[1]-tc.wantLat) > 1e-12 || math.Abs(b.Max[1]-tc.wantLat-1) > 1e-12 {
				t.Errorf("Bounds = %v, want the 1° tile", b)
			}
			checkHGT(t, g, tc.side)
			// Pixel-is-point: the tile's corners are samples.
			for _, p := range []struct {
				lon, lat float64
				c, r     int
			}{{tc.wantLon, tc.wantLat + 1, 0, 0}, {tc.wantLon + 1, tc.wantLat, tc.side - 1, tc.side - 1}, {tc.wantLon, tc.wantLat, 0, tc.side - 1}} {
				got, ok := g.Sample(p.lon, p.lat)
				want := g.At(p.c, p.r)
				if math.IsNaN(float64(want)) {
					if ok {
						t.Errorf("Sample(%v, %v) = %v, true; want void", p.lon, p.lat, got)
					}
				} else if !ok || got != float64(want) {
					t.Errorf("Sample(%v, %v) = %v, %v; want %v", p.lon, p.lat, got, ok, want)
				}
			}
		})
	}
}

func TestReadHGTErrors(t *testing.T) {
	good := synthHGT(1201)
	cases := []struct {
		name string
		data []byte
	}{
		{"N36E111.hgt", good[:len(good)-2]},
		{"N36E111.hgt", append(good[:len(good):len(good)], 0, 0)},
		{"N36E111.hgt", nil},
		{"dem.hgt", good},
		{"X36E111.hgt", good},
		{"N36E11.hgt", good},
		{"N90E000.hgt", good},
		{"N00E180.hgt", good},
		{"", good},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := raster.ReadHGT(tc.name, tc.data)
			if !errors.Is(err, raster.ErrFormat) || g != nil {
				t.Fatalf("ReadHGT(%q, %d bytes) = %v, %v; want nil, ErrFormat", tc.name, len(tc.data), g, err)
			}
		})
	}
}

// A 3″ tile written by GDAL's SRTMHGT driver from an ASCII grid.
func TestReadHGTFromGDAL(t *testing.T) {
	tool := requireGDAL(t)
	dir := t.TempDir()
	const side = 1201
	// GDAL's geotransform is area-based: the first cell's corner lies half
	// a 3″ cell (1/2400°) west and north of the tile corner.
	asc := filepath.Join(dir, "in.asc")
	f, err := os.Create(asc)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 8*side)
	buf = append(buf, []byte("ncols 1201\nnrows 1201\nxllcorner 110.999583333333333\nyllcorner 35.999583333333333\ncellsize 0.000833333333333333\nNODATA_value -32768\n")...)
	for r := range side {
		for c := range side {
			v := hgtValue(c, r)
			if hgtVoid(c, r, side) {
				v = -32768
			}
			buf = strconv.AppendInt(buf, int64(v), 10)
			buf = append(buf, ' ')
		}
		buf = append(buf, '\n')
		if _, err := f.Write(buf); err != nil {
			t.Fatal(err)
		}
		buf = buf[:0]
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data := gdalTranslate(t, tool, asc, filepath.Join(dir, "N36E111.hgt"), "-of", "SRTMHGT", "-ot", "Int16", "-a_srs", "EPSG:4326")
	g, err := raster.ReadHGT("N36E111.hgt", data)
	if err != nil {
		t.Fatal(err)
	}
	checkHGT(t, g, side)
}
