package repair

import (
	"testing"

	"github.com/zonegate/zonegate/geo"
)

func TestGeometryRepairsCases(t *testing.T) {
	t.Parallel()
	for _, c := range repairCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, rep, err := Geometry(c.geom)
			if err != nil {
				t.Fatalf("Geometry: %v", err)
			}
			if err := geo.ValidateGeometry(out, geo.ClassPolygon); err != nil {
				t.Fatalf("result invalid: %v\n%v", err, out)
			}
			if got := planarAreaOf(out); !near(got, c.area) {
				t.Errorf("area %.9g, want %.9g", got/unit, c.area/unit)
			}
			for _, code := range c.actions {
				if !rep.has(code) {
					t.Errorf("actions %s lack %s", rep.Codes(), code)
				}
			}
			t.Logf("%v", rep)
		})
	}
}
