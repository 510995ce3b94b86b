package geo_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// offsetTriangles is the MultiPolygon of issue 11: n triangles
// [[111+i·1e-6, 35], [111.1+i·1e-6, 35], [111.1+i·1e-6, 35.1], closing],
// each shifted by 1e-6° from the last, so that every part overlaps every
// other and nearly all edge pairs meet.
func offsetTriangles(n int) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, n)
	for i := range mp {
		d := float64(i) * 1e-6
		mp[i] = orb.Polygon{{{111 + d, 35}, {111.1 + d, 35}, {111.1 + d, 35.1}, {111 + d, 35}}}
	}
	return mp
}

// BenchmarkValidate measures valid boundary-like polygons of 1k, 10k and
// 100k vertices and the offset-triangles MultiPolygon of issue 11.
func BenchmarkValidate(b *testing.B) {
	unlimited := geo.ValidateOptions{MaxVertices: -1}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("valid/n=%d", n), func(b *testing.B) {
			g := orb.Polygon{smoothStar(rand.New(rand.NewPCG(1, 1)), n-1, orb.Point{111.52, 36.09}, 0.1)}
			b.ReportAllocs()
			for b.Loop() {
				if err := geo.ValidateGeometryWith(g, geo.ClassPolygon, unlimited); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range benchTriangleCounts {
		b.Run(fmt.Sprintf("offset-triangles/N=%d", n), func(b *testing.B) {
			g := offsetTriangles(n)
			b.ReportAllocs()
			for b.Loop() {
				if err := geo.ValidateGeometryWith(g, geo.ClassPolygon, unlimited); err == nil {
					b.Fatal("overlapping parts accepted")
				}
			}
		})
	}
}

var benchTriangleCounts = []int{1000, 2000, 8000}
