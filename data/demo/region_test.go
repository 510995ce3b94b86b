package demo_test

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.golden")

// encodeLayers encodes every layer's zones as one GeoJSON FeatureCollection
// per layer, concatenated.
func encodeLayers(t *testing.T, layers []geo.Layer, zones []*geo.Zone) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, l := range layers {
		fc := geojson.NewFeatureCollection()
		for _, z := range zones {
			if z.Layer != l.ID {
				continue
			}
			f := geojson.NewFeature(z.Geometry)
			f.ID = z.ID
			f.Properties = geojson.Properties(z.Properties)
			f.Properties["name"] = z.Name
			f.Properties["valid_from"] = z.Validity.From.Format(time.RFC3339)
			fc.Append(f)
		}
		b, err := fc.MarshalJSON()
		if err != nil {
			t.Fatalf("encode layer %s: %v", l.ID, err)
		}
		fmt.Fprintf(&buf, "%s %s %s\n%s\n", l.ID, l.Kind, l.Title, b)
	}
	return buf.Bytes()
}

func TestRegionIsDeterministic(t *testing.T) {
	l1, z1 := demo.Region()
	l2, z2 := demo.Region()
	b1, b2 := encodeLayers(t, l1, z1), encodeLayers(t, l2, z2)
	if !bytes.Equal(b1, b2) {
		t.Fatalf("two calls differ (%d vs %d bytes)", len(b1), len(b2))
	}
	if len(b1) < 10000 {
		t.Fatalf("encoding is only %d bytes", len(b1))
	}
	// The results are fresh values: changing one call's output must not
	// change the next call's.
	z1[0].Properties["county"] = "changed"
	z1[0].Geometry.(orb.Polygon)[0][0] = orb.Point{0, 0}
	_, z3 := demo.Region()
	if !bytes.Equal(b2, encodeLayers(t, l2, z3)) {
		t.Fatal("Region output shares state between calls")
	}
}

// summary describes the region compactly: per layer its kind, zone count,
// total vertex count and bounds rounded to 1e-6.
func summary(layers []geo.Layer, zones []*geo.Zone) string {
	var b strings.Builder
	for _, l := range layers {
		n, verts := 0, 0
		var bound orb.Bound
		for _, z := range zones {
			if z.Layer != l.ID {
				continue
			}
			if n == 0 {
				bound = z.Geometry.Bound()
			} else {
				bound = bound.Union(z.Geometry.Bound())
			}
			n++
			verts += geo.CountVertices(z.Geometry)
		}
		r := func(v float64) float64 { return math.Round(v*1e6) / 1e6 }
		fmt.Fprintf(&b, "%s kind=%s zones=%d vertices=%d bounds=[%.6f %.6f %.6f %.6f]\n",
			l.ID, l.Kind, n, verts, r(bound.Min[0]), r(bound.Min[1]), r(bound.Max[0]), r(bound.Max[1]))
	}
	return b.String()
}

func TestSummaryGolden(t *testing.T) {
	got := summary(demo.Region())
	path := filepath.Join("testdata", "summary.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("summary changed (run with -update if intended)\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestLayers(t *testing.T) {
	layers, _ := demo.Region()
	want := []struct {
		id   string
		kind geo.Kind
	}{
		{demo.LayerCounties, geo.KindAdmin},
		{demo.LayerBuiltUp, geo.KindBuiltUp},
		{demo.LayerCoalBan, geo.KindCoalBan},
		{demo.LayerBurnBan, geo.KindBurnBan},
		{demo.LayerCoalRoutes, geo.KindCoalRoute},
		{demo.LayerCheckpoints, geo.KindCheckpoint},
		{demo.LayerSewerPlants, geo.KindSewerPlant},
		{demo.LayerSewerNetwork, geo.KindSewerNetwork},
		{demo.LayerKilnTownships, geo.KindCustom},
		{demo.LayerKilns, geo.KindCustom},
	}
	if len(layers) != len(want) {
		t.Fatalf("got %d layers, want %d", len(layers), len(want))
	}
	for i, w := range want {
		l := layers[i]
		t.Run(w.id, func(t *testing.T) {
			if l.ID != w.id || l.Kind != w.kind {
				t.Errorf("layer %d = %s/%s, want %s/%s", i, l.ID, l.Kind, w.id, w.kind)
			}
			if err := l.Validate(); err != nil {
				t.Error(err)
			}
			if !strings.Contains(l.Title, "（模拟）") || !strings.Contains(l.Title, "(synthetic)") {
				t.Errorf("title %q not marked synthetic in both languages", l.Title)
			}
			if !strings.Contains(l.Description, "模拟") || !strings.Contains(strings.ToLower(l.Description), "synthetic") {
				t.Errorf("description %q not marked synthetic", l.Description)
			}
			if l.Revision != 0 || !l.UpdatedAt.IsZero() {
				t.Errorf("revision/updated_at set: %d %v", l.Revision, l.UpdatedAt)
			}
		})
	}
}

func TestZoneCounts(t *testing.T) {
	_, zones := demo.Region()
	got := map[string]int{}
	for _, z := range zones {
		got[z.Layer]++
	}
	want := map[string]int{
		demo.LayerCounties: 17, demo.LayerBuiltUp: 17, demo.LayerCoalBan: 17, demo.LayerBurnBan: 17,
		demo.LayerCoalRoutes: 8, demo.LayerCheckpoints: 15, demo.LayerSewerPlants: 17, demo.LayerSewerNetwork: 162,
		demo.LayerKilnTownships: 5, demo.LayerKilns: 20,
	}
	for layer, n := range want {
		if got[layer] != n {
			t.Errorf("layer %s: %d zones, want %d", layer, got[layer], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("zones in %d layers, want %d: %v", len(got), len(want), got)
	}
}
