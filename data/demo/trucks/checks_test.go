package trucks_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/demo/trucks"
)

// TestChecksAreDeterministic generates the fleet twice and compares the
// check lists; with the default seed it pins the number of checks and of
// loads that the rules deny (a few, so the demo shows turn-backs).
func TestChecksAreDeterministic(t *testing.T) {
	cfg := trucks.Config{Seed: seed(t)}
	a, err := trucks.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := trucks.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ca, cb := trucks.Checks(a), trucks.Checks(b)
	if !reflect.DeepEqual(ca, cb) {
		t.Fatal("two check lists generated from one Config differ")
	}
	if len(ca) == 0 {
		t.Fatal("no checks")
	}
	noReport, highSulfur := 0, 0
	for i, c := range ca {
		if i > 0 && c.Time.Before(ca[i-1].Time) {
			t.Errorf("check %d at %v before check %d at %v", i, c.Time, i-1, ca[i-1].Time)
		}
		if !c.Documents.QualityReport {
			noReport++
		}
		if c.Cargo.SulfurPct > 0.5 {
			highSulfur++
		}
	}
	got := [3]int{len(ca), noReport, highSulfur}
	t.Logf("%d checks: %d without a quality report, %d above the sulfur limit", got[0], got[1], got[2])
	if want := [3]int{14, 3, 3}; cfg.Seed == trucks.DefaultSeed && got != want {
		t.Errorf("default fleet: (checks, without quality report, above sulfur limit) = %v, want %v", got, want)
	}
}

// TestChecksAreAtCheckpoints checks every check against the published demo
// checkpoints and the truck's own track, independently of the generator:
// its position within 150 m (haversine) of the checkpoint, its time on the
// truck's clock with the position interpolated on the track, one check
// per truck and checkpoint, and its route ending at the position.
func TestChecksAreAtCheckpoints(t *testing.T) {
	fleet, err := trucks.Generate(trucks.Config{Seed: seed(t), Start: time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	_, zones := demo.Region()
	cps := map[string]orb.Point{}
	for _, z := range zones {
		if z.Layer == demo.LayerCheckpoints {
			cps[z.ID] = z.Geometry.(orb.Point)
		}
	}
	n := 0
	for _, tr := range fleet {
		seen := map[string]bool{}
		for _, c := range tr.Checks {
			n++
			cp, ok := cps[c.Station]
			if !ok {
				t.Errorf("%s: check at unknown station %q", tr.Plate, c.Station)
				continue
			}
			if d := orbgeo.DistanceHaversine(c.At, cp); d > trucks.CheckRadiusM {
				t.Errorf("%s at %s: %.1f m from the checkpoint, want ≤ %v", tr.Plate, c.Station, d, trucks.CheckRadiusM)
			}
			if seen[c.Station] {
				t.Errorf("%s checked twice at %s", tr.Plate, c.Station)
			}
			seen[c.Station] = true
			if c.Plate != tr.Plate {
				t.Errorf("check of %s names plate %s", tr.Plate, c.Plate)
			}
			k := int(c.Time.Sub(tr.Track[0].Time) / trucks.Interval)
			if k < 0 || k >= len(tr.Track) {
				t.Errorf("%s at %s: time %v outside the track", tr.Plate, c.Station, c.Time)
				continue
			}
			want := tr.Track[k].At
			if f := float64(c.Time.Sub(tr.Track[k].Time)) / float64(trucks.Interval); f > 0 {
				a, b := tr.Track[k].At, tr.Track[k+1].At
				want = orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
			}
			if d := orbgeo.DistanceHaversine(c.At, want); d > 0.01 {
				t.Errorf("%s at %s: position %v is %.3f m from the track's %v at %v", tr.Plate, c.Station, c.At, d, want, c.Time)
			}
			if len(c.Route) > 0 && (len(c.Route) > 5 || c.Route[len(c.Route)-1] != c.At) {
				t.Errorf("%s at %s: route %v, want at most 5 points ending at %v", tr.Plate, c.Station, c.Route, c.At)
			}
		}
	}
	if n == 0 {
		t.Fatal("no checks")
	}
}
