package kiln_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
)

// BenchmarkAreasDemo computes the default candidate areas of the demo
// region on the default 50 m grid.
func BenchmarkAreasDemo(b *testing.B) {
	m := demoModel(b, kiln.DefaultCriteria(), nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Areas(kiln.AreaOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSite checks one site of the demo region.
func BenchmarkCheckSite(b *testing.B) {
	m := demoModel(b, kiln.DefaultCriteria(), nil)
	p := orb.Point{111.7910, 36.1630}
	b.ReportAllocs()
	for b.Loop() {
		m.CheckSite(p)
	}
}
