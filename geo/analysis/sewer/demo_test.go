package sewer_test

import (
	"fmt"
	"testing"

	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

// demoInput returns the demo region's sewer lines and counties.
func demoInput(tb testing.TB) ([]sewer.Line, []sewer.County) {
	tb.Helper()
	_, zones := demo.Region()
	var lines, counties, builtUp []*geo.Zone
	for _, z := range zones {
		switch z.Layer {
		case demo.LayerSewerNetwork:
			lines = append(lines, z)
		case demo.LayerCounties:
			counties = append(counties, z)
		case demo.LayerBuiltUp:
			builtUp = append(builtUp, z)
		}
	}
	return sewer.LinesFromZones(lines), sewer.CountiesFromZones(counties, builtUp)
}

// TestDemoTable pins the demo's per-county figures: exact line counts per
// system inside each built-up area, lengths in km and rates to three
// decimals, areas in km² to two. 尧都区 and ten county towns meet their
// targets, six towns do not.
func TestDemoTable(t *testing.T) {
	lines, counties := demoInput(t)
	res, err := sewer.Coverage(lines, counties, sewer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		county                       string
		combinedLines, separateLines int
		combinedKM, separateKM, rate string
		meets                        bool
		builtUpKM2, coveredKM2       string
	}{
		{"141002", 13, 15, "78.507", "84.994", "0.520", true, "148.46", "68.86"},
		{"141021", 4, 2, "5.825", "3.869", "0.399", true, "8.43", "6.69"},
		{"141022", 8, 2, "17.629", "5.859", "0.249", false, "20.01", "12.87"},
		{"141023", 6, 6, "13.728", "12.476", "0.476", true, "19.27", "13.29"},
		{"141024", 8, 4, "19.372", "11.552", "0.374", true, "29.12", "16.17"},
		{"141025", 5, 1, "8.056", "2.008", "0.200", false, "9.04", "7.38"},
		{"141026", 4, 4, "7.242", "7.211", "0.499", true, "14.30", "9.55"},
		{"141027", 6, 2, "9.814", "4.891", "0.333", true, "13.87", "9.58"},
		{"141028", 8, 0, "14.521", "0.000", "0.000", false, "14.02", "9.51"},
		{"141029", 6, 4, "13.615", "10.548", "0.437", true, "20.40", "13.55"},
		{"141030", 5, 1, "7.905", "1.971", "0.200", false, "9.76", "7.29"},
		{"141031", 8, 0, "14.761", "0.000", "0.000", false, "14.39", "9.76"},
		{"141032", 4, 2, "5.821", "3.866", "0.399", true, "9.08", "7.00"},
		{"141033", 7, 1, "12.129", "2.419", "0.166", false, "13.90", "9.59"},
		{"141034", 3, 3, "4.828", "4.807", "0.499", true, "9.11", "7.03"},
		{"141081", 5, 5, "9.192", "8.270", "0.474", true, "13.77", "9.62"},
		{"141082", 7, 3, "15.016", "8.978", "0.374", true, "22.35", "13.29"},
	}
	if len(res.Counties) != len(want) {
		t.Fatalf("%d counties, want %d", len(res.Counties), len(want))
	}
	meets := 0
	for i, w := range want {
		c := res.Counties[i]
		t.Run(w.county, func(t *testing.T) {
			got := fmt.Sprintf("%s %d/%d %.3f %.3f %.3f %v %.2f %.2f", c.County, c.CombinedLines, c.SeparateLines,
				c.CombinedKM, c.SeparateKM, c.ConversionRate, c.MeetsTarget, c.BuiltUpKM2, c.CoveredKM2)
			exp := fmt.Sprintf("%s %d/%d %s %s %s %v %s %s", w.county, w.combinedLines, w.separateLines,
				w.combinedKM, w.separateKM, w.rate, w.meets, w.builtUpKM2, w.coveredKM2)
			if got != exp {
				t.Errorf("got  %s\nwant %s", got, exp)
			}
			if c.CoveredKM2 > c.BuiltUpKM2 || c.AreaKM2 < c.CoveredKM2*0.99 {
				t.Errorf("covered %.3f km², built-up %.3f, service area %.3f", c.CoveredKM2, c.BuiltUpKM2, c.AreaKM2)
			}
			checkValid(t, c.Area)
		})
		if c.MeetsTarget {
			meets++
		}
	}
	if meets != res.Total.CountiesMeetingTarget || meets != 11 {
		t.Errorf("%d counties meet their target (total says %d), want 11", meets, res.Total.CountiesMeetingTarget)
	}
}

// BenchmarkDemoCoverage times the whole coverage analysis of the demo
// region (17 counties, 162 lines) at the default 25 m cells.
func BenchmarkDemoCoverage(b *testing.B) {
	lines, counties := demoInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := sewer.Coverage(lines, counties, sewer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
