package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// repairableCollection holds a bow-tie and a MultiPolygon whose parts
// overlap, like two of the Shanxi county boundaries.
const repairableCollection = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"bowtie","properties":{"name":"蝴蝶"},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.2],[111.2,36.0],[111.0,36.2],[111.0,36.0]]]}},
 {"type":"Feature","id":"good","properties":{},"geometry":{"type":"Polygon","coordinates":[[[112.0,36.0],[112.1,36.0],[112.1,36.1],[112.0,36.0]]]}},
 {"type":"Feature","id":"overlap","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[
   [[[111.0,35.0],[111.2,35.0],[111.2,35.2],[111.0,35.2],[111.0,35.0]]],
   [[[111.1,35.1],[111.3,35.1],[111.3,35.3],[111.1,35.3],[111.1,35.1]]]]}}
]}`

func TestImportMakeValidRepairsAndReports(t *testing.T) {
	t.Parallel()
	store := filepath.Join(t.TempDir(), "z.db")
	file := writeFile(t, "repairable.geojson", repairableCollection)
	if _, _, err := runCmd(t, "import", "--store", store, "--layer", "counties", "--kind", "admin", file); err == nil {
		t.Fatal("import without --make-valid accepted invalid features")
	}
	stdout, stderr, err := runCmd(t, "import", "--store", store, "--layer", "counties", "--kind", "admin", "--make-valid", file)
	if err != nil {
		t.Fatalf("import --make-valid: %v\n%s", err, stderr)
	}
	want := file + `: repaired 2 features:
  feature 0 (id bowtie): split_self_intersection; area 0 → 199.8 km²
  feature 2 (id overlap): union_overlapping_parts; area 808.8 → 707.7 km²
`
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", stderr, want)
	}
	if !strings.HasPrefix(stdout, "imported 3 zones into layer counties (admin)") {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestImportMakeValidStillRefusesTheIrreparable(t *testing.T) {
	t.Parallel()
	store := filepath.Join(t.TempDir(), "z.db")
	file := writeFile(t, "flat.geojson", `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"bowtie","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.2,36.2],[111.2,36.0],[111.0,36.2],[111.0,36.0]]]}},
 {"type":"Feature","id":"flat","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.0,36.0],[111.5,36.5],[112.0,37.0],[111.0,36.0]]]}}
]}`)
	stdout, stderr, err := runCmd(t, "import", "--store", store, "--layer", "counties", "--kind", "admin", "--make-valid", file)
	if err == nil {
		t.Fatalf("import of a zero-area polygon succeeded: %s", stdout)
	}
	for _, want := range []string{
		"repaired 1 feature:\n  feature 0 (id bowtie): split_self_intersection",
		"1 of 2 features are invalid; nothing was imported",
		"feature 1 (id flat): polygon 0 ring 0 vertex 0: self_intersection at (111, 36): edges 0-1 and 2-3 overlap: the ring doubles back on itself (a spike); cannot repair: too_few_points: no ring has 3 distinct points that are not on one line",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "import again with --make-valid") {
		t.Errorf("suggests --make-valid to an import that used it:\n%s", stderr)
	}
}

// A zone over a size limit is refused with the flag that raises it, and
// imports with the limit raised.
func TestImportOverLimitNamesTheFlag(t *testing.T) {
	t.Parallel()
	store := filepath.Join(t.TempDir(), "z.db")
	file := writeFile(t, "twelve.geojson", `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"dodecagon","properties":{},"geometry":{"type":"Polygon","coordinates":[[[111.1,36.0],[111.087,36.05],[111.05,36.087],[111.0,36.1],[110.95,36.087],[110.913,36.05],[110.9,36.0],[110.913,35.95],[110.95,35.913],[111.0,35.9],[111.05,35.913],[111.087,35.95],[111.1,36.0]]]}}
]}`)
	_, stderr, err := runCmd(t, "import", "--store", store, "--layer", "big", "--kind", "coal_ban", "--max-vertices", "10", file)
	if err == nil {
		t.Fatal("import of 13 vertices under --max-vertices 10 succeeded")
	}
	for _, want := range []string{
		"feature 0 (id dodecagon): zone dodecagon: too_many_vertices: geometry has 13 vertices, the limit is 10\n",
		"1 of them are over a size limit: --max-vertices N raises it (negative: no limit); a server that edits such zones needs the same --max-vertices\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "--make-valid") || strings.Contains(stderr, "--max-parts") {
		t.Errorf("suggests a flag that would not help:\n%s", stderr)
	}
	if stdout, stderr, err := runCmd(t, "import", "--store", store, "--layer", "big", "--kind", "coal_ban", "--max-vertices", "-1", file); err != nil {
		t.Fatalf("with the limit lifted: %v\n%s%s", err, stdout, stderr)
	}
}
