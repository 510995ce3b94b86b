package raster_test

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo/raster"
)

// checkGeoref checks the placement of a pixel-is-area fixture whose
// lower-left corner is (fixLon, fixLat): the first sample is the centre of
// the NW cell.
func checkGeoref(t *testing.T, g *raster.Grid, h int) {
	t.Helper()
	const eps = 1e-12
	wantX0, wantY0 := fixLon+fixCell/2, fixLat+float64(h)*fixCell-fixCell/2
	if math.Abs(g.X0-wantX0) > eps || math.Abs(g.Y0-wantY0) > eps ||
		math.Abs(g.DX-fixCell) > eps || math.Abs(g.DY-fixCell) > eps {
		t.Errorf("georef X0=%.15g Y0=%.15g DX=%g DY=%g, want %.15g %.15g %g %g",
			g.X0, g.Y0, g.DX, g.DY, wantX0, wantY0, fixCell, fixCell)
	}
	if g.EPSG != 4326 {
		t.Errorf("EPSG = %d, want 4326", g.EPSG)
	}
}

// Committed fixtures, written once by GDAL 3.6.2 from the test surface
// (see testdata/README.md): read without GDAL installed.
func TestReadGeoTIFFCommitted(t *testing.T) {
	cases := []struct{ file, kind string }{
		{"int16_lzw_pred2_tiled.tif", "Int16"},
		{"float32_deflate_pred3_be.tif", "Float32"},
		{"uint16_none_strips.tif", "UInt16"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			g, err := raster.ReadGeoTIFF(readFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			checkSurface(t, g, tc.kind, 13, 11)
			checkGeoref(t, g, 11)
		})
	}
}

// Every supported combination written by gdal_translate at test time
// (~110 files, written side by side); -short keeps little-endian files
// with three of the six compressions.
func TestReadGeoTIFFFromGDAL(t *testing.T) {
	tool := requireGDAL(t)
	shortSkips := map[string]bool{"BIG": true, "lzw": true, "deflate": true, "deflate_pred2": true}
	const w, h = 37, 29 // 3×2 tiles of 16², 10 strips of 3 rows
	dir := t.TempDir()
	layouts := map[string][]string{
		"strips": {"-co", "BLOCKYSIZE=3"},
		"tiled":  {"-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"},
	}
	compressions := map[string][]string{
		"none":          {"-co", "COMPRESS=NONE"},
		"lzw":           {"-co", "COMPRESS=LZW"},
		"lzw_pred2":     {"-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"},
		"deflate":       {"-co", "COMPRESS=DEFLATE"},
		"deflate_pred2": {"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"},
		"deflate_pred3": {"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"},
	}
	for _, kind := range []string{"Int16", "UInt16", "Int32", "Float32", "Float64"} {
		asc := filepath.Join(dir, kind+".asc")
		writeASC(t, asc, kind, w, h)
		for lname, lopts := range layouts {
			for cname, copts := range compressions {
				if cname == "deflate_pred3" && kind != "Float32" && kind != "Float64" {
					continue
				}
				for _, endian := range []string{"LITTLE", "BIG"} {
					if testing.Short() && (shortSkips[endian] || shortSkips[cname]) {
						continue
					}
					name := fmt.Sprintf("%s_%s_%s_%s", kind, lname, cname, endian)
					t.Run(name, func(t *testing.T) {
						t.Parallel() // each waits on its own gdal_translate process
						opts := append([]string{"-of", "GTiff", "-ot", kind, "-a_srs", "EPSG:4326", "-co", "ENDIANNESS=" + endian}, lopts...)
						data := gdalTranslate(t, tool, asc, filepath.Join(dir, name+".tif"), append(opts, copts...)...)
						g, err := raster.ReadGeoTIFF(data)
						if err != nil {
							t.Fatal(err)
						}
						checkSurface(t, g, kind, w, h)
						checkGeoref(t, g, h)
					})
				}
			}
		}
	}
}

// PixelIsPoint files place the tiepoint on the first sample itself; the
// grid must come out at the same positions as the pixel-is-area file.
func TestReadGeoTIFFPixelIsPoint(t *testing.T) {
	tool := requireGDAL(t)
	dir := t.TempDir()
	asc := filepath.Join(dir, "s.asc")
	writeASC(t, asc, "Int16", 13, 11)
	data := gdalTranslate(t, tool, asc, filepath.Join(dir, "p.tif"),
		"-ot", "Int16", "-a_srs", "EPSG:4326", "-mo", "AREA_OR_POINT=Point")
	g, err := raster.ReadGeoTIFF(data)
	if err != nil {
		t.Fatal(err)
	}
	checkSurface(t, g, "Int16", 13, 11)
	checkGeoref(t, g, 11)
}

// Unsupported files are rejected with an error wrapping ErrFormat that
// says why.
func TestReadGeoTIFFRejects(t *testing.T) {
	tool := requireGDAL(t)
	dir := t.TempDir()
	asc := filepath.Join(dir, "s.asc")
	writeASC(t, asc, "Int16", 13, 11)
	cases := []struct {
		name string
		opts []string
		want string
	}{
		{"projected", []string{"-a_srs", "EPSG:4546"}, "EPSG:4546"},
		{"no_crs", []string{}, "GeoKeyDirectory"},
		{"packbits", []string{"-a_srs", "EPSG:4326", "-co", "COMPRESS=PACKBITS"}, "compression 32773"},
		{"two_bands", []string{"-a_srs", "EPSG:4326", "-b", "1", "-b", "1"}, "2 samples per pixel"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := gdalTranslate(t, tool, asc, filepath.Join(dir, tc.name+".tif"), tc.opts...)
			_, err := raster.ReadGeoTIFF(data)
			if !errors.Is(err, raster.ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrFormat mentioning %q", err, tc.want)
			}
		})
	}
}

func TestReadGeoTIFFMalformed(t *testing.T) {
	good := readFixture(t, "int16_lzw_pred2_tiled.tif")
	cases := map[string][]byte{
		"empty":     nil,
		"short":     []byte("II*\x00"),
		"bad_mark":  []byte("XX*\x00\x08\x00\x00\x00"),
		"bigtiff":   []byte("II+\x00\x08\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		"ifd_past":  []byte("II*\x00\xff\xff\x00\x00"),
		"truncated": good[:len(good)/2],
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := raster.ReadGeoTIFF(data); !errors.Is(err, raster.ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
		})
	}
}
