package data_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/raster"
)

// demSeed returns the random seed of the DEM tests: env SEED, else 7.
func demSeed(t testing.TB) uint64 {
	seed := uint64(7)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (override with SEED=)", seed)
	return seed
}

// demGrid returns a w×h grid at a fixed position with samples from fill.
func demGrid(t testing.TB, w, h int, fill func(i int) float32) *raster.Grid {
	t.Helper()
	g, err := raster.NewGrid(w, h, 111.0, 37.0, 1.0/3600, 1.0/3600)
	if err != nil {
		t.Fatalf("NewGrid: %v", err)
	}
	g.EPSG = raster.EPSGWGS84
	for i := range g.Data {
		g.Data[i] = fill(i)
	}
	return g
}

func infoOf(g *raster.Grid) data.DEMInfo {
	return data.DEMInfo{Name: "t", Width: g.Width, Height: g.Height, X0: g.X0, Y0: g.Y0, DX: g.DX, DY: g.DY, EPSG: g.EPSG}
}

// sameSamples reports whether a and b hold bit-identical samples, any NaN
// matching any NaN.
func sameSamples(a, b []float32) (int, bool) {
	if len(a) != len(b) {
		return -1, false
	}
	for i := range a {
		if a[i] != a[i] && b[i] != b[i] {
			continue
		}
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return i, false
		}
	}
	return 0, true
}

func TestDEMCodecRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(demSeed(t), 1))
	nan := float32(math.NaN())
	cases := []struct {
		name    string
		w, h    int
		fill    func(i int) float32
		float32 bool // expect the float32 encoding
	}{
		{"one sample", 1, 1, func(int) float32 { return 412 }, false},
		{"single void", 1, 1, func(int) float32 { return nan }, false},
		{"int16 terrain with voids", 37, 23, func(i int) float32 {
			if i%11 == 3 {
				return nan
			}
			return float32(400 + (i%37)*3 - (i/37)*2)
		}, false},
		{"int16 extremes", 4, 2, func(i int) float32 { return []float32{-32767, 32767, 0, -1, 1, nan, 32767, -32767}[i] }, false},
		{"random int16", 50, 40, func(int) float32 { return float32(rng.IntN(65535) - 32767) }, false},
		{"fractional", 9, 7, func(i int) float32 { return float32(i) + 0.5 }, true},
		{"fractional with voids", 9, 7, func(i int) float32 {
			if i%4 == 0 {
				return nan
			}
			return float32(i) * 0.25
		}, true},
		{"sentinel value is not a void", 3, 1, func(i int) float32 { return []float32{1, -32768, 2}[i] }, true},
		{"beyond int16", 2, 1, func(i int) float32 { return []float32{1, 40000}[i] }, true},
		{"negative zero kept", 2, 1, func(i int) float32 { return []float32{1, float32(math.Copysign(0, -1))}[i] }, true},
		{"infinities", 3, 1, func(i int) float32 { return []float32{float32(math.Inf(1)), float32(math.Inf(-1)), 5}[i] }, true},
		{"random floats", 31, 29, func(int) float32 { return rng.Float32()*3000 - 100 }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := demGrid(t, tc.w, tc.h, tc.fill)
			blob, err := data.EncodeDEM(g)
			if err != nil {
				t.Fatalf("EncodeDEM: %v", err)
			}
			if blob[0] != data.DEMCodecVersion {
				t.Errorf("version byte %d, want %d", blob[0], data.DEMCodecVersion)
			}
			wantKind := byte(1)
			if tc.float32 {
				wantKind = 2
			}
			if blob[1] != wantKind {
				t.Errorf("encoding byte %d, want %d", blob[1], wantKind)
			}
			got, err := data.DecodeDEM(infoOf(g), blob)
			if err != nil {
				t.Fatalf("DecodeDEM: %v", err)
			}
			if got.Width != g.Width || got.Height != g.Height || got.X0 != g.X0 || got.Y0 != g.Y0 ||
				got.DX != g.DX || got.DY != g.DY || got.EPSG != g.EPSG {
				t.Errorf("geometry %+v, want %+v", *got, *g)
			}
			if i, ok := sameSamples(got.Data, g.Data); !ok {
				t.Errorf("sample %d = %v, want %v", i, got.Data[i], g.Data[i])
			}
		})
	}
}

// TestDEMCodecCompresses pins that smooth terrain in the int16 encoding
// takes well under a byte per sample (delta coding plus byte planes).
func TestDEMCodecCompresses(t *testing.T) {
	const n = 600
	g := demGrid(t, n, n, func(i int) float32 {
		x, y := float64(i%n), float64(i/n)
		return float32(math.Round(450 + 600*math.Sin(x/90)*math.Cos(y/70) + 0.02*x*y/10))
	})
	blob, err := data.EncodeDEM(g)
	if err != nil {
		t.Fatalf("EncodeDEM: %v", err)
	}
	if limit := n * n / 2; len(blob) > limit {
		t.Errorf("smooth %d×%d DEM: %d bytes, want at most %d (0.5 byte/sample)", n, n, len(blob), limit)
	}
	t.Logf("smooth %d×%d DEM: %d bytes (%.3f byte/sample)", n, n, len(blob), float64(len(blob))/(n*n))
}

func TestEncodeDEMRejects(t *testing.T) {
	cases := []struct {
		name string
		g    *raster.Grid
	}{
		{"nil", nil},
		{"zero width", &raster.Grid{Width: 0, Height: 1, DX: 1, DY: 1}},
		{"short data", &raster.Grid{Width: 2, Height: 2, DX: 1, DY: 1, Data: make([]float32, 3)}},
		{"too many cells", &raster.Grid{Width: raster.MaxCells, Height: 2, DX: 1, DY: 1}},
	}
	for _, tc := range cases {
		if _, err := data.EncodeDEM(tc.g); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%s: EncodeDEM error %v, want geo.ErrInvalid", tc.name, err)
		}
	}
}

func TestDecodeDEMRejects(t *testing.T) {
	g := demGrid(t, 5, 4, func(i int) float32 { return float32(i) })
	blob, err := data.EncodeDEM(g)
	if err != nil {
		t.Fatalf("EncodeDEM: %v", err)
	}
	info := infoOf(g)
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), blob...)) }
	cases := []struct {
		name string
		info data.DEMInfo
		blob []byte
	}{
		{"empty", info, nil},
		{"header only", info, blob[:10]},
		{"truncated stream", info, blob[:len(blob)-3]},
		{"bad version", info, mod(func(b []byte) []byte { b[0] = 9; return b })},
		{"bad encoding", info, mod(func(b []byte) []byte { b[1] = 3; return b })},
		{"width differs from record", data.DEMInfo{Width: 4, Height: 4, DX: 1, DY: 1}, blob},
		{"claims float32", info, mod(func(b []byte) []byte { b[1] = 2; return b })},
		{"huge claim", data.DEMInfo{Width: 1 << 14, Height: 1 << 14, DX: 1, DY: 1},
			mod(func(b []byte) []byte {
				b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9] = 0, 0x40, 0, 0, 0, 0x40, 0, 0
				return b
			})},
		{"bad georeferencing", data.DEMInfo{Width: 5, Height: 4, DX: 0, DY: 1}, blob},
		{"trailing garbage inside stream", info, mod(func(b []byte) []byte { b[len(b)-1] ^= 0xff; return b })},
	}
	for _, tc := range cases {
		if _, err := data.DecodeDEM(tc.info, tc.blob); err == nil {
			t.Errorf("%s: DecodeDEM succeeded, want an error", tc.name)
		} else if tc.name != "bad georeferencing" && !errors.Is(err, raster.ErrFormat) {
			t.Errorf("%s: error %v, want raster.ErrFormat", tc.name, err)
		}
	}
}

func FuzzDecodeDEM(f *testing.F) {
	g := demGrid(f, 6, 5, func(i int) float32 { return float32(i * 7 % 13) })
	blob, err := data.EncodeDEM(g)
	if err != nil {
		f.Fatalf("EncodeDEM: %v", err)
	}
	f.Add(blob, 6, 5)
	gf := demGrid(f, 3, 2, func(i int) float32 { return float32(i) / 3 })
	if blob, err = data.EncodeDEM(gf); err != nil {
		f.Fatalf("EncodeDEM: %v", err)
	}
	f.Add(blob, 3, 2)
	f.Add([]byte{1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, 1<<16, 1<<16)
	f.Fuzz(func(t *testing.T, blob []byte, w, h int) {
		info := data.DEMInfo{Width: w, Height: h, X0: 1, Y0: 2, DX: 0.5, DY: 0.5}
		got, err := data.DecodeDEM(info, blob)
		if err != nil {
			return
		}
		if got.Width != w || got.Height != h || len(got.Data) != w*h {
			t.Fatalf("decoded %d×%d with %d samples, want %d×%d", got.Width, got.Height, len(got.Data), w, h)
		}
		again, err := data.EncodeDEM(got)
		if err != nil {
			t.Fatalf("EncodeDEM of a decoded grid: %v", err)
		}
		back, err := data.DecodeDEM(info, again)
		if err != nil {
			t.Fatalf("DecodeDEM of a re-encoded grid: %v", err)
		}
		if i, ok := sameSamples(back.Data, got.Data); !ok {
			t.Fatalf("re-encoded sample %d = %v, want %v", i, back.Data[i], got.Data[i])
		}
	})
}
