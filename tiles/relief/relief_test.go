package relief_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/raster"
	"github.com/zonegate/zonegate/tiles/relief"
)

// demOf returns a 3″ grid over [lon1, lon2]×[lat1, lat2] (whole multiples
// of 3″) with z(lon, lat) at every sample.
func demOf(t testing.TB, lon1, lat1, lon2, lat2 float64, z func(lon, lat float64) float64) *raster.Grid {
	t.Helper()
	const n = 1200
	w := int(math.Round((lon2-lon1)*n)) + 1
	h := int(math.Round((lat2-lat1)*n)) + 1
	g, err := raster.NewGrid(w, h, lon1, lat2, 1.0/n, 1.0/n)
	if err != nil {
		t.Fatal(err)
	}
	g.EPSG = raster.EPSGWGS84
	for r := range h {
		for c := range w {
			p := g.Point(c, r)
			g.Data[r*w+c] = float32(z(p[0], p[1]))
		}
	}
	return g
}

// decodePNG decodes a hillshade tile and checks its size.
func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X != relief.TileSize || sz.Y != relief.TileSize {
		t.Fatalf("PNG is %v, want %d²", sz, relief.TileSize)
	}
	return img
}

// grey returns the grey level and alpha (0–255) of pixel (x, y).
func grey(img image.Image, x, y int) (v, a uint8) {
	r, g, b, al := img.At(x, y).RGBA()
	if al == 0 {
		return 0, 0
	}
	// RGBA is alpha-premultiplied and 16-bit; undo both.
	_, _ = g, b
	return uint8((r * 0xffff / al) >> 8), uint8(al >> 8)
}

var linfen = orb.Point{111.5, 36.1}

func TestHillshadeAnalytic(t *testing.T) {
	tile := maptile.At(linfen, 12)
	mLon, _ := terrain.MetresPerDegree(linfen[1])
	alt := 45 * math.Pi / 180
	flat := uint8(math.Round(255 * math.Sin(alt)))
	k := math.Tan(30 * math.Pi / 180)
	// A plane rising eastwards at 30°: its normal leans west, the sun
	// (azimuth 315°) has an east component sin(315°)cos(45°) = −½.
	eastSun := math.Sin(315*math.Pi/180) * math.Cos(alt)
	east30 := uint8(math.Round(255 * (-k*eastSun + math.Sin(alt)) / math.Sqrt(1+k*k)))
	tests := []struct {
		name string
		z    func(lon, lat float64) float64
		want uint8
	}{
		{"flat", func(float64, float64) float64 { return 450 }, flat},
		{"plane rising east at 30°", func(lon, _ float64) float64 { return 1000 + k*(lon-linfen[0])*mLon }, east30},
		{"plane falling east at 30°, facing away from the sun's east part",
			func(lon, _ float64) float64 { return 1000 - k*(lon-linfen[0])*mLon },
			uint8(math.Round(255 * (k*eastSun + math.Sin(alt)) / math.Sqrt(1+k*k)))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dem := demOf(t, 111.3, 35.9, 111.7, 36.3, tc.z)
			r := relief.NewRenderer(terrain.DEMSet{{Name: "t", Grid: dem}}, relief.Options{})
			b, err := r.Hillshade(tile)
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, b)
			if _, ok := img.(*image.Gray); !ok {
				t.Errorf("fully covered tile decodes as %T, want *image.Gray", img)
			}
			bad := 0
			for y := range relief.TileSize {
				for x := range relief.TileSize {
					v, a := grey(img, x, y)
					if a != 255 || absDiff(v, tc.want) > 1 {
						if bad++; bad <= 3 {
							t.Errorf("pixel (%d, %d) = %d alpha %d, want %d alpha 255", x, y, v, a, tc.want)
						}
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d pixels off", bad)
			}
			t.Logf("want %d (flat %d)", tc.want, flat)
		})
	}
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestHillshadeCoverage(t *testing.T) {
	tile := maptile.At(linfen, 12)
	tb := tile.Bound()
	// The DEM ends at a sample line near the tile's middle.
	edge := math.Round(tb.Center()[0]*1200) / 1200
	dem := demOf(t, 111.3, 35.9, edge, 36.3, func(float64, float64) float64 { return 450 })
	r := relief.NewRenderer(terrain.DEMSet{{Name: "west", Grid: dem}}, relief.Options{})
	b, err := r.Hillshade(tile)
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	pxLon := (tb.Max[0] - tb.Min[0]) / relief.TileSize
	for y := 0; y < relief.TileSize; y += 5 {
		for x := range relief.TileSize {
			lon := tb.Min[0] + (float64(x)+0.5)*pxLon
			v, a := grey(img, x, y)
			switch {
			case lon < edge-pxLon/4 && (a != 255 || v != 180):
				t.Fatalf("pixel (%d, %d) inside the DEM: %d alpha %d, want 180 opaque", x, y, v, a)
			case lon > edge+pxLon/4 && a != 0:
				t.Fatalf("pixel (%d, %d) outside the DEM: alpha %d, want 0", x, y, a)
			}
		}
	}
	// A tile far from any DEM is fully transparent.
	b, err = r.Hillshade(maptile.At(orb.Point{100, 30}, 12))
	if err != nil {
		t.Fatal(err)
	}
	img = decodePNG(t, b)
	for y := range relief.TileSize {
		for x := range relief.TileSize {
			if _, a := grey(img, x, y); a != 0 {
				t.Fatalf("pixel (%d, %d) of an uncovered tile has alpha %d", x, y, a)
			}
		}
	}
	if b, err := r.Contours(maptile.At(orb.Point{100, 30}, 12)); err != nil || b != nil {
		t.Errorf("contours of an uncovered tile: %d bytes, %v; want nil", len(b), err)
	}
}

// TestContourCone renders the contours of a cone z = 1500 − d/10 (d in
// metres from the centre): the line at level L must lie on the circle of
// radius 10·(1500 − L).
func TestContourCone(t *testing.T) {
	tests := []struct {
		zoom     maptile.Zoom
		interval float64
		tolM     float64
	}{
		{9, 200, 40},
		{11, 100, 12},
		{12, 50, 8},
		{14, 25, 5},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("z%d", tc.zoom), func(t *testing.T) {
			if got := relief.ContourInterval(tc.zoom); got != tc.interval {
				t.Errorf("interval %g, want %g", got, tc.interval)
			}
			// The apex is at the tile's centre.
			tile := maptile.At(linfen, tc.zoom)
			apex := tile.Center()
			mLon, mLat := terrain.MetresPerDegree(apex[1])
			dist := func(p orb.Point) float64 { return math.Hypot((p[0]-apex[0])*mLon, (p[1]-apex[1])*mLat) }
			dem := demOf(t, 111.0, 35.6, 112.0, 36.6, func(lon, lat float64) float64 { return 1500 - dist(orb.Point{lon, lat})/10 })
			r := relief.NewRenderer(terrain.DEMSet{{Name: "cone", Grid: dem}}, relief.Options{})
			b, err := r.Contours(tile)
			if err != nil || len(b) == 0 {
				t.Fatalf("Contours: %d bytes, %v", len(b), err)
			}
			layers, err := mvt.Unmarshal(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(layers) != 1 || layers[0].Name != relief.ContourLayer {
				t.Fatalf("layers %v, want one %q", layers, relief.ContourLayer)
			}
			layers.ProjectToWGS84(tile)
			seen := map[float64]bool{}
			closed := 0
			for _, f := range layers[0].Features {
				level, ok := f.Properties["elevation_m"].(float64)
				if !ok || math.Mod(level, tc.interval) != 0 {
					t.Fatalf("elevation_m %v is not a multiple of %g", f.Properties["elevation_m"], tc.interval)
				}
				if seen[level] {
					t.Errorf("level %g appears in two features", level)
				}
				seen[level] = true
				if major, ok := f.Properties["major"].(bool); !ok || major != (math.Mod(level, 5*tc.interval) == 0) {
					t.Errorf("level %g: major = %v", level, f.Properties["major"])
				}
				want := 10 * (1500 - level)
				var lines orb.MultiLineString
				switch g := f.Geometry.(type) {
				case orb.LineString:
					lines = orb.MultiLineString{g}
				case orb.MultiLineString:
					lines = g
				default:
					t.Fatalf("level %g: geometry %T", level, f.Geometry)
				}
				for _, ls := range lines {
					if ls[0] == ls[len(ls)-1] {
						closed++
					}
					for _, p := range ls {
						if d := dist(p); math.Abs(d-want) > tc.tolM {
							t.Fatalf("level %g: vertex %v at %.1f m from the apex, want %.1f ± %g m", level, p, d, want, tc.tolM)
						}
					}
				}
			}
			if top := (math.Ceil(1500/tc.interval) - 1) * tc.interval; !seen[top] {
				t.Errorf("no %g m contour next to the apex; levels %v", top, seen)
			}
			if closed == 0 {
				t.Errorf("no closed ring around the apex")
			}
		})
	}
}
