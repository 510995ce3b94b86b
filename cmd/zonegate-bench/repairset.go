package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// repairPolygons gives polys through zonegate's own repair: `zonegate
// import --make-valid` into a scratch store, then `zonegate export` of the
// layer as GeoJSON, read back. Every server then gets the same, valid
// shapes, so their hit totals can agree; a peer given the raw rings would
// answer self-intersecting ones by its own rule. It returns the repaired
// set and the import's report of what it changed (empty when nothing
// needed repair).
func repairPolygons(ctx context.Context, bin, dir string, polys []polygon) ([]polygon, string, error) {
	raw := filepath.Join(dir, "polygons-raw.geojson")
	if err := writeGeoJSON(raw, polys); err != nil {
		return nil, "", err
	}
	store := filepath.Join(dir, "repair.db")
	_, stderr, err := zonegateRun(ctx, bin, "import", "--store", store, "--layer", benchLayer, "--kind", "coal_ban",
		"--max-vertices", "-1", "--max-parts", "-1", "--make-valid", raw)
	if err != nil {
		return nil, "", err
	}
	repaired := filepath.Join(dir, "polygons-repaired.geojson")
	if _, _, err := zonegateRun(ctx, bin, "export", "--store", store, "--layer", benchLayer, "--format", "geojson", "--out", repaired); err != nil {
		return nil, "", err
	}
	out, _, err := loadPolygons(repaired, false)
	if err != nil {
		return nil, "", err
	}
	if len(out) != len(polys) {
		return nil, "", fmt.Errorf("zonegate import --make-valid kept %d of %d polygons", len(out), len(polys))
	}
	return out, repairReport(stderr), nil
}

// repairReport keeps the lines of an import's output that say what
// --make-valid changed: "FILE: repaired N features:" and the indented
// line of each feature.
func repairReport(stderr string) string {
	var b strings.Builder
	in := false
	for line := range strings.Lines(stderr) {
		switch {
		case strings.Contains(line, ": repaired "):
			in = true
			_, rest, _ := strings.Cut(line, ": ")
			b.WriteString(rest)
		case in && strings.HasPrefix(line, "  "):
			b.WriteString(line)
		default:
			in = false
		}
	}
	return b.String()
}
