package apitest

import (
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/raster"
)

// WithDEMs gives a test server the elevation models dems.
func WithDEMs(dems ...terrain.DEM) func(*api.Options) {
	return func(o *api.Options) { o.DEMs = dems }
}

// PlaneZ is the elevation of PlaneGrid in metres.
func PlaneZ(lon, lat float64) float64 { return 100 + 1000*(lon-111) + 500*(lat-36) }

// PlaneGrid is PlaneZ on a 3″ grid over [111, 111.2]×[36, 36.2]: bilinear
// sampling reproduces a plane exactly, so every answer is known.
func PlaneGrid(t testing.TB) *raster.Grid {
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
			g.Data[r*w+c] = float32(PlaneZ(p[0], p[1]))
		}
	}
	return g
}

// WithPlaneDEM gives a test server PlaneGrid as a DEM named "plane".
func WithPlaneDEM(t testing.TB) func(*api.Options) {
	t.Helper()
	return WithDEMs(terrain.DEM{Name: "plane", Grid: PlaneGrid(t)})
}
