package demo

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/raster"
)

// The demo DEM covers the six 1°×1° SRTM tiles around the region,
// longitude 110…113 and latitude 35…37, at 3″ (1200 cells per degree,
// 1201 samples per tile side, neighbouring tiles sharing their edge).
const (
	demLonMin, demLonMax = 110, 113
	demLatMin, demLatMax = 35, 37
	// DEMCellsPerDegree is the demo DEM's resolution: 3″ like SRTM3.
	DEMCellsPerDegree = 1200
)

// streamDEM is the PCG stream of the terrain's noise phases.
const streamDEM = 4 << 32

// Terrain shape, in km and m. The Fen valley floor falls from
// valleyNorthM at 霍州 to valleySouthM at 侯马; the flat floor is
// valleyHalfKM wide each side of the river, then the slopes rise to the
// ridge crests of 太岳山 (east) and 吕梁山 (west), beyond which the land
// falls towards the 沁水 basin and the Yellow River.
const (
	valleyNorthM = 540.0
	valleySouthM = 420.0
	valleyHalfKM = 7.0
	valleySlope  = 6.0 // m per km across the floor
	eastCrestKM  = 42.0
	eastCrestM   = 1950.0
	eastFarM     = 1250.0
	westCrestKM  = 38.0
	westCrestM   = 1750.0
	westFarM     = 600.0
	farKM        = 110.0
)

// kmPerDegLon is the east–west length of a degree at the region's middle
// latitude, used for the terrain's local flat frame.
var kmPerDegLon = kmPerDegLat * math.Cos(countyMidLat*math.Pi/180)

// fenAxis is the Fen river's course, north to south then west: from the
// north edge through 霍州, 洪洞, the Linfen centre (尧都), 襄汾 and 侯马,
// then west towards the Yellow River.
var fenAxis = []orb.Point{
	{111.86, 37.05}, {111.723103, 36.57202}, {111.673692, 36.255742},
	{111.5186, 36.0880}, {111.442932, 35.876139}, {111.371272, 35.620302},
	{111.05, 35.57}, {110.60, 35.55}, {110.35, 35.58},
}

// wave is one term of the terrain's deterministic noise.
type wave struct{ kx, ky, phase, amp float64 }

// DEM returns the synthetic elevation model of the demo region: a
// Fen-basin-like surface over longitude 110…113, latitude 35…37 at 3″
// (3601 × 2401 samples, EPSG:4326, pixel-is-point like SRTM: sample (0, 0)
// is at 110°E 37°N). The Fen valley runs north–south through 霍州, 洪洞,
// 尧都 and 襄汾 to 侯马 at 420–540 m, rising to ridges near 1,950 m in the
// east (太岳山) and 1,750 m in the west (吕梁山), with a few tens of metres
// of smooth noise (more in the mountains). Heights are whole metres, so
// the grid survives a round trip through int16 .hgt tiles unchanged. It is
// a pure function: every call returns a new, identical grid (35 MB).
func DEM() *raster.Grid {
	w := (demLonMax-demLonMin)*DEMCellsPerDegree + 1
	h := (demLatMax-demLatMin)*DEMCellsPerDegree + 1
	step := 1.0 / DEMCellsPerDegree
	g := &raster.Grid{
		Width: w, Height: h, X0: demLonMin, Y0: demLatMax, DX: step, DY: step,
		EPSG: raster.EPSGWGS84, Data: make([]float32, w*h),
	}
	waves := demWaves()
	axis := make([]orb.Point, len(fenAxis))
	for i, p := range fenAxis {
		axis[i] = orb.Point{p[0] * kmPerDegLon, p[1] * kmPerDegLat}
	}
	// Rows are independent: fill them in bands, one goroutine per CPU.
	bands := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for b := range bands {
		wg.Go(func() {
			for r := b * h / bands; r < (b+1)*h/bands; r++ {
				lat := float64(demLatMax) - float64(r)*step
				row := g.Data[r*w : (r+1)*w]
				for c := range w {
					lon := float64(demLonMin) + float64(c)*step
					row[c] = float32(math.Round(elevation(axis, waves, lon, lat)))
				}
			}
		})
	}
	wg.Wait()
	return g
}

// demWaves draws the noise terms from a fixed PCG stream: wavelengths
// 4–40 km in random directions.
func demWaves() []wave {
	rng := rand.New(rand.NewPCG(seed, streamDEM))
	ws := make([]wave, 8)
	for i := range ws {
		length := 4 + 36*rng.Float64()
		dir := 2 * math.Pi * rng.Float64()
		k := 2 * math.Pi / length
		ws[i] = wave{kx: k * math.Cos(dir), ky: k * math.Sin(dir), phase: 2 * math.Pi * rng.Float64(),
			amp: 0.5 + rng.Float64()}
	}
	return ws
}

// elevation is the terrain height in metres at (lon, lat).
func elevation(axis []orb.Point, waves []wave, lon, lat float64) float64 {
	p := orb.Point{lon * kmPerDegLon, lat * kmPerDegLat}
	d, t, east := axisDistance(axis, p)
	floor := valleyNorthM + (valleySouthM-valleyNorthM)*min(1, t/4) // flat north of 霍州 and west of 侯马
	crestKM, crestM, farM := westCrestKM, westCrestM, westFarM
	if east {
		crestKM, crestM, farM = eastCrestKM, eastCrestM, eastFarM
	}
	z := floor + valleySlope*min(d, valleyHalfKM)
	base := floor + valleySlope*valleyHalfKM
	if d <= crestKM {
		z += (crestM - base) * smoothstep(valleyHalfKM, crestKM, d)
	} else {
		z = crestM - (crestM-farM)*smoothstep(crestKM, farKM, d)
	}
	var noise float64
	for _, w := range waves {
		noise += w.amp * math.Sin(w.kx*p[0]+w.ky*p[1]+w.phase)
	}
	amp := 6 + 40*smoothstep(valleyHalfKM/2, crestKM, d)
	return z + amp*noise
}

// axisDistance returns the distance in km from p to the polyline axis,
// the position along it from 霍州 (segment index plus fraction, less one,
// clamped at 0: 0 at 霍州 and north of it, 4 at 侯马) and whether p lies east of it (to the
// left when walking south means east).
func axisDistance(axis []orb.Point, p orb.Point) (d, t float64, east bool) {
	best := math.Inf(1)
	for i := 0; i+1 < len(axis); i++ {
		a, b := axis[i], axis[i+1]
		ex, ey := b[0]-a[0], b[1]-a[1]
		u := ((p[0]-a[0])*ex + (p[1]-a[1])*ey) / (ex*ex + ey*ey)
		u = max(0, min(1, u))
		qx, qy := a[0]+u*ex-p[0], a[1]+u*ey-p[1]
		if dd := qx*qx + qy*qy; dd < best {
			best, t = dd, float64(i)+u
			// Walking along a→b, p is to the left when the cross product
			// is positive; the axis runs south (then west), so the left is
			// the east (then the south).
			east = ex*(p[1]-a[1])-ey*(p[0]-a[0]) > 0
		}
	}
	return math.Sqrt(best), max(0, t-1), east
}

// smoothstep rises from 0 at a to 1 at b with zero slope at both ends.
func smoothstep(a, b, x float64) float64 {
	s := max(0, min(1, (x-a)/(b-a)))
	return s * s * (3 - 2*s)
}
