package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestDEMImportRefusesBomb: 'dem import' of a GDAL-written deflate GeoTIFF
// of 16,000² zero bytes (a few hundred KB declaring 1 GB of samples) fails
// with the limit and the flag that raises it, without allocating the grid.
func TestDEMImportRefusesBomb(t *testing.T) {
	create, err := exec.LookPath("gdal_create")
	if err != nil {
		t.Skip("gdal_create not on PATH (install gdal-bin)")
	}
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.tif")
	if out, err := exec.Command(create, "-q", "-of", "GTiff", "-outsize", "16000", "16000", "-ot", "Byte", "-burn", "0",
		"-co", "COMPRESS=DEFLATE", "-co", "TILED=YES", "-a_srs", "EPSG:4326", "-a_ullr", "111", "37", "115.4", "32.6", bomb).CombinedOutput(); err != nil {
		t.Fatalf("gdal_create: %v\n%s", err, out)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err = runCmd(t, "dem", "import", "--store", filepath.Join(dir, "z.db"), bomb)
	runtime.ReadMemStats(&after)
	want := "dem " + bomb + ": tiff: 16000×16000 image decodes to 1024000000 bytes; the limit is 268435456 bytes (--max-decoded-mb 256)"
	if err == nil || err.Error() != want {
		t.Fatalf("err %v\nwant %s", err, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("dem import allocated %d bytes refusing the bomb, want < 16 MiB", alloc)
	}
	// A raised limit is accepted by the flag parser (the import itself
	// would then decode 1 GB, which this test does not do).
	if _, _, err := runCmd(t, "dem", "import", "--max-decoded-mb", "0", bomb); err == nil {
		t.Error("--max-decoded-mb 0 accepted")
	}
}
