package analysis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

// sewerCoverageJSON mirrors the answer of GET /v1/analysis/sewer-coverage.
type sewerCoverageJSON struct {
	ServiceM float64 `json:"service_m"`
	Counties []struct {
		County         string  `json:"county"`
		Name           string  `json:"name"`
		BuiltUpKM2     float64 `json:"built_up_km2"`
		CoveredKM2     float64 `json:"covered_km2"`
		CoveredPct     float64 `json:"covered_pct"`
		CombinedKM     float64 `json:"combined_km"`
		SeparateKM     float64 `json:"separate_km"`
		ConversionRate float64 `json:"conversion_rate"`
		Target         float64 `json:"target"`
		MeetsTarget    bool    `json:"meets_target"`
	} `json:"counties"`
	Total struct {
		BuiltUpKM2            float64 `json:"built_up_km2"`
		CoveredKM2            float64 `json:"covered_km2"`
		ConversionRate        float64 `json:"conversion_rate"`
		CountiesMeetingTarget int     `json:"counties_meeting_target"`
	} `json:"total"`
}

// demoSewerZone returns a fresh copy of one demo sewer line.
func demoSewerZone(t *testing.T, id string) *geo.Zone {
	t.Helper()
	_, zones := demo.Region()
	for _, z := range zones {
		if z.Layer == demo.LayerSewerNetwork && z.ID == id {
			return z
		}
	}
	t.Fatalf("no demo sewer %s", id)
	return nil
}

func TestSewerCoverageDemo(t *testing.T) {
	ts := apitest.New(t)
	var got sewerCoverageJSON
	ts.GetJSON(t, "/v1/analysis/sewer-coverage", &got)
	if got.ServiceM != 500 || len(got.Counties) != 17 || got.Total.CountiesMeetingTarget != 11 {
		t.Fatalf("service %g, %d counties, %d meeting target; want 500, 17, 11",
			got.ServiceM, len(got.Counties), got.Total.CountiesMeetingTarget)
	}
	byID := map[string]int{}
	for i, c := range got.Counties {
		byID[c.County] = i
	}
	cases := []struct {
		county, name   string
		rate, target   float64
		meets          bool
		separateKMZero bool
	}{
		{"141002", "尧都区", 0.52, 0.40, true, false},
		{"141022", "翼城县", 0.249, 0.30, false, false},
		{"141023", "襄汾县", 0.476, 0.30, true, false},
		{"141028", "吉县", 0, 0.30, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.county, func(t *testing.T) {
			c := got.Counties[byID[tc.county]]
			if c.Name != tc.name || math.Abs(c.ConversionRate-tc.rate) > 0.0006 || c.Target != tc.target ||
				c.MeetsTarget != tc.meets || (c.SeparateKM == 0) != tc.separateKMZero {
				t.Errorf("got %+v", c)
			}
			if c.CoveredKM2 <= 0 || c.CoveredKM2 > c.BuiltUpKM2 || math.Abs(c.CoveredPct-100*c.CoveredKM2/c.BuiltUpKM2) > 0.01 {
				t.Errorf("areas inconsistent: %+v", c)
			}
		})
	}

	t.Run("CachedUntilSewersChange", func(t *testing.T) {
		var again sewerCoverageJSON
		ts.GetJSON(t, "/v1/analysis/sewer-coverage", &again)
		if fmt.Sprint(again) != fmt.Sprint(got) {
			t.Fatal("second answer differs")
		}
		z := demoSewerZone(t, "sw-141028-s01")
		z.Properties["system"] = "separate"
		ctx := context.Background()
		if err := data.Publish(ctx, ts.Store, []*geo.Zone{z}); err != nil {
			t.Fatal(err)
		}
		if err := ts.Follower.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		var after sewerCoverageJSON
		ts.GetJSON(t, "/v1/analysis/sewer-coverage", &after)
		c := after.Counties[byID["141028"]]
		if c.SeparateKM <= 0 || c.ConversionRate <= 0 {
			t.Errorf("edit not seen: %+v", c)
		}
	})

	t.Run("ServiceDistance", func(t *testing.T) {
		var wide sewerCoverageJSON
		ts.GetJSON(t, "/v1/analysis/sewer-coverage?service_m=800", &wide)
		if wide.ServiceM != 800 || !(wide.Total.CoveredKM2 > got.Total.CoveredKM2) {
			t.Errorf("800 m covers %g km², 500 m %g", wide.Total.CoveredKM2, got.Total.CoveredKM2)
		}
	})
}

func TestSewerPoint(t *testing.T) {
	ts := apitest.New(t)
	_, zones := demo.Region()
	var sewers []*geo.Zone
	for _, z := range zones {
		if z.Layer == demo.LayerSewerNetwork {
			sewers = append(sewers, z)
		}
	}
	net := sewer.NewNetwork(sewer.LinesFromZones(sewers))
	cases := []struct {
		name   string
		p      orb.Point
		served bool
	}{
		{"YaoduCentre", orb.Point{111.5186, 36.0880}, true},
		{"YaoduNorthEastUnserved", orb.Point{111.5336, 36.108}, false},
		{"FarCountryside", orb.Point{110.45, 35.45}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got struct {
				Served    bool     `json:"served"`
				DistanceM *float64 `json:"distance_m"`
				Nearest   *struct {
					Layer, ID, Name, System string
				} `json:"nearest"`
			}
			ts.GetJSON(t, fmt.Sprintf("/v1/analysis/sewer-coverage/point?lon=%g&lat=%g", tc.p[0], tc.p[1]), &got)
			want, err := net.Check(tc.p, 500)
			if err != nil {
				t.Fatal(err)
			}
			if got.Served != tc.served || want.Served != tc.served || got.DistanceM == nil || got.Nearest == nil {
				t.Fatalf("got served=%v %+v, want served=%v", got.Served, got, tc.served)
			}
			if math.Abs(*got.DistanceM-want.DistanceM) > 0.006 || got.Nearest.ID != want.Nearest.ID ||
				got.Nearest.Layer != demo.LayerSewerNetwork || got.Nearest.System != string(want.Nearest.System) {
				t.Errorf("got %.2f m to %+v, want %.3f m to %s", *got.DistanceM, *got.Nearest, want.DistanceM, want.Nearest.ID)
			}
		})
	}
}

func TestSewerBadInput(t *testing.T) {
	ts := apitest.New(t)
	cases := []struct{ name, path, field string }{
		{"MissingLon", "/v1/analysis/sewer-coverage/point?lat=36", "lon"},
		{"LatOutOfRange", "/v1/analysis/sewer-coverage/point?lon=111&lat=95", "lat"},
		{"LonNotNumber", "/v1/analysis/sewer-coverage/point?lon=east&lat=36", "lon"},
		{"PointNegativeService", "/v1/analysis/sewer-coverage/point?lon=111&lat=36&service_m=-5", "service_m"},
		{"NaNService", "/v1/analysis/sewer-coverage?service_m=NaN", "service_m"},
		{"ServiceTooLarge", "/v1/analysis/sewer-coverage?service_m=100000", "service_m"},
		{"ServiceNotNumber", "/v1/analysis/sewer-coverage?service_m=far", "service_m"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := ts.Do(t, http.MethodGet, tc.path, "", "")
			var e struct {
				Error struct{ Code, Field string } `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if status != http.StatusBadRequest || e.Error.Field != tc.field {
				t.Errorf("status %d field %q, want 400 %q: %s", status, e.Error.Field, tc.field, body)
			}
		})
	}
}
