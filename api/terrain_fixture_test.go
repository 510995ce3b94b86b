package api_test

import (
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/raster"
)

// The terrain endpoints are tested in api/analysis; the role matrix and
// the browser tests here only need a server with a DEM.

// withDEMs gives a test server the elevation models dems.
func withDEMs(dems ...terrain.DEM) func(*api.Options) {
	return func(o *api.Options) { o.DEMs = dems }
}

// withPlaneDEM gives a test server a small DEM, named "plane", over
// [111, 111.2]×[36, 36.2]: z = 100 + 1000·(lon − 111) + 500·(lat − 36) m
// on a 3″ grid.
func withPlaneDEM(t testing.TB) func(*api.Options) {
	t.Helper()
	const n = 1200
	w, h := int(0.2*n)+1, int(0.2*n)+1
	g, err := raster.NewGrid(w, h, 111, 36.2, 1.0/n, 1.0/n)
	if err != nil {
		t.Fatal(err)
	}
	g.EPSG = raster.EPSGWGS84
	for r := range h {
		for c := range w {
			p := g.Point(c, r)
			g.Data[r*w+c] = float32(100 + 1000*(p[0]-111) + 500*(p[1]-36))
		}
	}
	return withDEMs(terrain.DEM{Name: "plane", Grid: g})
}
