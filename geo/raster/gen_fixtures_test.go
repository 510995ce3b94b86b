package raster_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGenerateFixtures rewrites testdata/*.tif with GDAL when
// ZONEGATE_WRITE_FIXTURES=1; otherwise it is skipped.
func TestGenerateFixtures(t *testing.T) {
	if os.Getenv("ZONEGATE_WRITE_FIXTURES") != "1" {
		t.Skip("set ZONEGATE_WRITE_FIXTURES=1 to rewrite testdata with gdal_translate")
	}
	tool := requireGDAL(t)
	dir := t.TempDir()
	for _, f := range []struct {
		kind, file string
		opts       []string
	}{
		{"Int16", "int16_lzw_pred2_tiled.tif", []string{"-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"}},
		{"Float32", "float32_deflate_pred3_be.tif", []string{"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3", "-co", "ENDIANNESS=BIG"}},
		{"UInt16", "uint16_none_strips.tif", []string{"-co", "BLOCKYSIZE=4"}},
	} {
		asc := filepath.Join(dir, f.kind+".asc")
		writeASC(t, asc, f.kind, 13, 11)
		data := gdalTranslate(t, tool, asc, filepath.Join(dir, f.file),
			append([]string{"-ot", f.kind, "-a_srs", "EPSG:4326"}, f.opts...)...)
		if err := os.WriteFile(filepath.Join("testdata", f.file), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
