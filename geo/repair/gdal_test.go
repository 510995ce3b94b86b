package repair

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/geo"
)

// TestAgreesWithGDAL repairs every case, random perturbations of a
// county-like polygon and (when the shared data is present) overlapping
// copies of the Linfen counties, and compares the planar areas with GDAL's:
//
//   - "structure": GEOS MakeValid (through GDAL's SQLite dialect) on each
//     ring alone, holes unioned and cut from their shell, parts unioned —
//     the semantics this package implements for every input;
//   - "linework": plain `ogr2ogr -makevalid`, which agrees with the above
//     on single polygons without holes; for overlapping parts and holes
//     crossing the shell it keeps the symmetric difference instead (the
//     overlap becomes a hole), so it is only compared where the two agree.
//
// Both must be within 0.1 %; the largest difference is logged.
func TestAgreesWithGDAL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: the GDAL comparison takes about 15 s")
	}
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr not installed: GDAL comparison skipped")
	}
	type input struct {
		id       string
		g        orb.Geometry
		linework bool // plain -makevalid has the same semantics
	}
	var inputs []input
	for _, c := range repairCases() {
		if c.name == "unclosed ring" {
			continue // GDAL's GeoJSON reader refuses unclosed rings
		}
		inputs = append(inputs, input{c.name, c.geom, isSimpleLinework(c.geom)})
	}
	rng := rand.New(rand.NewPCG(13, 3))
	county := countyLike(rng, orb.Point{111.5, 36.1}, 0.3, 400)
	for i := 0; i < 40; i++ {
		g := perturb(rng, county, 1+i%8)
		inputs = append(inputs, input{fmt.Sprintf("perturbed-%02d", i), g, true})
	}
	inputs = append(inputs, input{"shanxi-like overlapping parts", shanxiLike(county), false})
	if counties := linfenCounties(t); len(counties) > 0 {
		for i, c := range counties {
			if i >= 6 {
				break
			}
			inputs = append(inputs, input{fmt.Sprintf("linfen-%d-overlap", i), overlapWithShifted(c), false})
			inputs = append(inputs, input{fmt.Sprintf("linfen-%d-perturbed", i), perturb(rng, c[0], 3), len(c) == 1})
		}
	}

	dir := t.TempDir()
	var whole, rings []*geojson.Feature
	ours := map[string]float64{}
	for _, in := range inputs {
		out, _, err := Geometry(in.g)
		if err != nil {
			if isRefusal(err) && in.linework {
				t.Logf("%s refused: %v", in.id, err)
				continue
			}
			t.Fatalf("%s: %v", in.id, err)
		}
		if err := geo.ValidateGeometry(out, geo.ClassPolygon); err != nil {
			t.Fatalf("%s: result invalid: %v", in.id, err)
		}
		ours[in.id] = planarAreaOf(out)
		f := geojson.NewFeature(in.g)
		f.Properties = map[string]any{"id": in.id, "linework": in.linework}
		whole = append(whole, f)
		for pi, p := range polygonsFromGeometry(in.g) {
			for ri, r := range p {
				rf := geojson.NewFeature(orb.Polygon{r})
				rf.Properties = map[string]any{"id": in.id, "part": pi, "hole": ri > 0}
				rings = append(rings, rf)
			}
		}
	}
	writeCollection(t, filepath.Join(dir, "whole.geojson"), whole)
	writeCollection(t, filepath.Join(dir, "rings.geojson"), rings)

	// -makevalid applies to the output, after any SQL: make valid first,
	// measure second.
	valid := filepath.Join(dir, "valid.geojson")
	if out, err := exec.Command("ogr2ogr", "-f", "GeoJSON", "-makevalid", "-nln", "valid", valid, filepath.Join(dir, "whole.geojson")).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr -makevalid: %v\n%s", err, out)
	}
	linework := gdalAreas(t, dir, "-dialect", "sqlite", "-sql", `SELECT id, linework, ST_Area(geometry) AS area FROM valid`, valid)
	structure := gdalAreas(t, dir, "-dialect", "sqlite", "-sql", `
SELECT id, ST_Area(ST_Union(CASE WHEN hu IS NULL THEN sg ELSE ST_Difference(sg, hu) END)) AS area
FROM (SELECT id, part, ST_MakeValid(geometry) AS sg,
  (SELECT ST_Union(ST_MakeValid(r2.geometry)) FROM rings r2 WHERE r2.hole AND r2.id = r1.id AND r2.part = r1.part) AS hu
  FROM rings r1 WHERE NOT r1.hole)
GROUP BY id`, filepath.Join(dir, "rings.geojson"))

	worst, worstID := 0.0, ""
	ids := make([]string, 0, len(ours))
	for id := range ours {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		want, ok := structure[id]
		if !ok {
			t.Errorf("%s: GDAL returned no structure area", id)
			continue
		}
		check := func(oracle string, want float64) {
			d := math.Abs(ours[id]-want) / want
			if d > worst {
				worst, worstID = d, id+" ("+oracle+")"
			}
			if d > 0.001 {
				t.Errorf("%s: area %.9g, GDAL %s %.9g (%.3f%% apart)", id, ours[id], oracle, want, 100*d)
			}
		}
		check("structure", want)
		if lw, ok := linework[id]; ok && lineworkComparable[id] {
			check("-makevalid", lw)
		}
	}
	t.Logf("%d geometries; largest area difference from GDAL: %.2e %% (%s)", len(ids), 100*worst, worstID)
}

// lineworkComparable is filled by gdalAreas from the "linework" column.
var lineworkComparable = map[string]bool{}

func isRefusal(err error) bool {
	_, ok := err.(*Refusal)
	return ok
}

func isSimpleLinework(g orb.Geometry) bool {
	p, ok := g.(orb.Polygon)
	return ok && len(p) == 1
}

func writeCollection(t *testing.T, path string, fs []*geojson.Feature) {
	t.Helper()
	fc := geojson.NewFeatureCollection()
	fc.Features = fs
	b, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gdalAreas runs ogr2ogr with args, writing GeoJSON, and returns the
// "area" property by "id".
func gdalAreas(t *testing.T, dir string, args ...string) map[string]float64 {
	t.Helper()
	out := filepath.Join(dir, fmt.Sprintf("out-%d.geojson", len(args)))
	cmd := exec.Command("ogr2ogr", append([]string{"-f", "GeoJSON", out}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, stderr.String())
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				ID       string  `json:"id"`
				Area     float64 `json:"area"`
				Linework *bool   `json:"linework"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	areas := map[string]float64{}
	for _, f := range fc.Features {
		areas[f.Properties.ID] = f.Properties.Area
		if f.Properties.Linework != nil && *f.Properties.Linework {
			lineworkComparable[f.Properties.ID] = true
		}
	}
	return areas
}
