package relief

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"

	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo/analysis/terrain"
)

// Hillshade renders tile t as a TileSize×TileSize PNG of grey shades:
// 255 × the cosine of the angle between the surface normal and the
// direction of the sun (negative values, faces turned away, are 0), so
// flat ground is 255·sin(altitude) — 180 for the default 45°. Slopes come
// from Horn's method on the 3×3 pixel neighbourhood, with pixel sizes in
// metres on the ellipsoid at each row's latitude. Pixels whose centre no
// DEM covers are fully transparent; a tile with no data at all is a fully
// transparent PNG. A fully covered tile is encoded as 8-bit grey, others
// as NRGBA.
func (r *Renderer) Hillshade(t maptile.Tile) ([]byte, error) {
	const n = TileSize + 2
	shade := make([]uint8, TileSize*TileSize)
	alpha := make([]uint8, TileSize*TileSize)
	covered := 0
	if r.Covers(t) {
		l := newLattice(t, n, -0.5, 1, TileSize)
		z := make([]float32, n*n)
		r.sample(l, z)
		covered = r.shade(l, z, shade, alpha)
	}
	var img image.Image
	switch covered {
	case TileSize * TileSize:
		img = &image.Gray{Pix: shade, Stride: TileSize, Rect: image.Rect(0, 0, TileSize, TileSize)}
	default:
		rgba := image.NewNRGBA(image.Rect(0, 0, TileSize, TileSize))
		for i, v := range shade {
			p := rgba.Pix[4*i : 4*i+4 : 4*i+4]
			p[0], p[1], p[2], p[3] = v, v, v, alpha[i]
		}
		img = rgba
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &r.pngBuffers}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("hillshade tile %d/%d/%d: encode PNG: %w", t.Z, t.X, t.Y, err)
	}
	return buf.Bytes(), nil
}

// shade computes the hillshade of the (TileSize+2)² elevations z sampled on
// l (one pixel of margin all round) into shade and alpha, and returns the
// number of covered pixels.
func (r *Renderer) shade(l *lattice, z []float32, shade, alpha []uint8) int {
	const n = TileSize + 2
	az := r.o.AzimuthDeg * math.Pi / 180
	alt := r.o.AltitudeDeg * math.Pi / 180
	// Sun direction (east, north, up).
	se, sn, su := math.Sin(az)*math.Cos(alt), math.Cos(az)*math.Cos(alt), math.Sin(alt)
	lonStep := l.lons[1] - l.lons[0]
	zf := r.o.ZFactor
	covered := 0
	var w [9]float64
	for py := range TileSize {
		j := py + 1
		mLon, mLat := terrain.MetresPerDegree(l.lats[j])
		kx := zf / (8 * lonStep * mLon)
		ky := zf / (8 * (l.lats[j-1] - l.lats[j+1]) / 2 * mLat)
		north, mid, south := z[(j-1)*n:j*n], z[j*n:(j+1)*n], z[(j+1)*n:(j+2)*n]
		for px := range TileSize {
			i := px + 1
			a, b, c := north[i-1], north[i], north[i+1]
			d, e, f := mid[i-1], mid[i], mid[i+1]
			g, h, k := south[i-1], south[i], south[i+1]
			if e != e {
				continue
			}
			if a != a || b != b || c != c || d != d || f != f || g != g || h != h || k != k {
				neighbourhood(z, n, i, j, &w)
			} else {
				w = [9]float64{float64(a), float64(b), float64(c), float64(d), float64(e), float64(f), float64(g), float64(h), float64(k)}
			}
			// w: 0 1 2 / 3 4 5 / 6 7 8, row 0 north, column 0 west.
			ge := ((w[2] + 2*w[5] + w[8]) - (w[0] + 2*w[3] + w[6])) * kx
			gn := ((w[0] + 2*w[1] + w[2]) - (w[6] + 2*w[7] + w[8])) * ky
			// Unit normal of z = f(e, n) is (−ge, −gn, 1)/‖·‖.
			v := 255 * (su - ge*se - gn*sn) / math.Sqrt(1+ge*ge+gn*gn)
			o := py*TileSize + px
			switch {
			case v <= 0:
				shade[o] = 0
			case v >= 255:
				shade[o] = 255
			default:
				shade[o] = uint8(v + 0.5)
			}
			alpha[o] = 255
			covered++
		}
	}
	return covered
}

// neighbourhood copies the 3×3 samples around (i, j) of the n-wide grid z
// into w, replacing missing ones by linear extrapolation through the
// centre (mirroring the opposite neighbour), or by the centre's value when
// the opposite one is missing too. The centre must be present.
func neighbourhood(z []float32, n, i, j int, w *[9]float64) {
	c := float64(z[j*n+i])
	var have [9]bool
	for dj := range 3 {
		for di := range 3 {
			v := z[(j+dj-1)*n+i+di-1]
			w[dj*3+di], have[dj*3+di] = float64(v), v == v
		}
	}
	for k := range 9 {
		if have[k] {
			continue
		}
		if o := 8 - k; have[o] {
			w[k] = 2*c - w[o]
		} else {
			w[k] = c
		}
	}
}

// Get returns a pooled encoder buffer, or nil for a new one.
func (p *pngPool) Get() *png.EncoderBuffer {
	b, _ := p.p.Get().(*png.EncoderBuffer)
	return b
}

// Put returns an encoder buffer to the pool.
func (p *pngPool) Put(b *png.EncoderBuffer) { p.p.Put(b) }
