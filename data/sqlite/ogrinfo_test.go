package sqlite_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// TestOgrinfoReadsStore checks that GDAL opens the store file as a
// GeoPackage and sees every zone version with its geometry.
func TestOgrinfoReadsStore(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (GDAL) not installed; apt-get install gdal-bin to run this test")
	}
	path := filepath.Join(t.TempDir(), "zonegate.db")
	s := openAt(t, path)
	if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "any", Kind: geo.KindCustom}); err != nil {
		t.Fatalf("PutLayer: %v", err)
	}
	zs := []*geo.Zone{
		{ID: "a", Geometry: orb.Polygon{{{111, 36}, {112, 36}, {112, 37}, {111, 37}, {111, 36}}, {{111.2, 36.2}, {111.2, 36.4}, {111.4, 36.4}, {111.2, 36.2}}}},
		{ID: "b", Geometry: orb.Point{111.5, 36.5}},
		{ID: "c", Geometry: orb.LineString{{111, 36}, {113, 38}}},
		{ID: "d", Geometry: orb.MultiPolygon{{{{110, 35}, {110.5, 35}, {110.5, 35.5}, {110, 35}}}}},
	}
	for _, z := range zs {
		z.Layer, z.Kind, z.Status = "any", geo.KindCustom, geo.StatusPublished
	}
	if err := s.Commit(t.Context(), data.Batch{Append: zs}); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	// While the store is open, its commits sit in the -wal file: GDAL
	// must still see a GeoPackage with every feature.
	live, err := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-so", path, "zone_versions").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -so on the open store: %v\n%s", err, live)
	}
	for _, want := range []string{"using driver `GPKG' successful", "Feature Count: 4"} {
		if !strings.Contains(string(live), want) {
			t.Errorf("ogrinfo -so on the open store lacks %q:\n%s", want, live)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the -wal file is still there after Close (%v): everything must be checkpointed into %s", err, path)
	}

	out, err := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-so", path, "zone_versions").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -so: %v\n%s", err, out)
	}
	for _, want := range []string{
		"using driver `GPKG' successful",
		"Layer name: zone_versions",
		"Geometry: Unknown (any)",
		"Feature Count: 4",
		"Extent: (110.000000, 35.000000) - (113.000000, 38.000000)",
		`ID["EPSG",4326]`,
		"FID Column = fid",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo -so output lacks %q:\n%s", want, out)
		}
	}

	out, err = exec.CommandContext(t.Context(), ogrinfo, "-ro", "-q", path, "zone_versions").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{
		"POLYGON ((111 36,112 36,112 37,111 37,111 36),(111.2 36.2,111.2 36.4,111.4 36.4,111.2 36.2))",
		"POINT (111.5 36.5)",
		"LINESTRING (111 36,113 38)",
		"MULTIPOLYGON (((110 35,110.5 35.0,110.5 35.5,110 35)))",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
}
