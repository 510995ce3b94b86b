// Command gen writes the signed-distance-field glyph ranges (MapLibre's
// glyph PBF format) of one TrueType font, for the map labels' Latin
// letters, digits and symbols; CJK is drawn by the browser from a local
// font. Run by go generate in tiles/glyphs:
//
//	go run ./internal/gen -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf -name "DejaVu Sans Book" -out pbf
package main

import (
	"flag"
	"fmt"
	"image"
	"log/slog"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The glyph PBF conventions MapLibre expects: 24 px em, 3 px border,
// distance radius 8 px with the edge at 192/255.
const (
	fontSize = 24
	border   = 3
	radius   = 8
	cutoff   = 0.25
)

// ranges are the 256-codepoint blocks generated: Basic Latin and Latin-1,
// Latin Extended-A, general punctuation, letterlike symbols (℃, №), and
// box drawing and geometric shapes (■ ▲ ●, used as map symbols).
var ranges = []int{0, 256, 8192, 8448, 9472}

func main() {
	fontPath := flag.String("font", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "TrueType font (Debian fonts-dejavu-core)")
	name := flag.String("name", "DejaVu Sans Book", "font stack name")
	out := flag.String("out", "pbf", "output folder; files go to <out>/<name>/<start>-<end>.pbf")
	flag.Parse()
	if err := run(*fontPath, *name, *out); err != nil {
		slog.Error("glyph generation failed", "err", err)
		os.Exit(1)
	}
}

func run(fontPath, name, out string) error {
	raw, err := os.ReadFile(fontPath)
	if err != nil {
		return fmt.Errorf("read font (install fonts-dejavu-core): %w", err)
	}
	f, err := opentype.Parse(raw)
	if err != nil {
		return fmt.Errorf("parse %s: %w", fontPath, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return fmt.Errorf("face: %w", err)
	}
	defer face.Close()
	dir := filepath.Join(out, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, start := range ranges {
		rng := fmt.Sprintf("%d-%d", start, start+255)
		var glyphs [][]byte
		for cp := start; cp <= start+255; cp++ {
			if g, ok := glyph(face, rune(cp)); ok {
				glyphs = append(glyphs, g)
			}
		}
		body := fontstack(name, rng, glyphs)
		if err := os.WriteFile(filepath.Join(dir, rng+".pbf"), body, 0o644); err != nil {
			return err
		}
		slog.Info("glyph range", "range", rng, "glyphs", len(glyphs), "bytes", len(body))
	}
	return nil
}

// glyph rasterises r and encodes its glyph message; false when the font
// has no such glyph.
func glyph(face font.Face, r rune) ([]byte, bool) {
	bounds, adv, ok := face.GlyphBounds(r)
	if !ok || r < 32 {
		return nil, false
	}
	advance := int(math.Round(float64(adv) / 64))
	left := bounds.Min.X.Floor()
	top := -bounds.Min.Y.Floor() // ascent above the baseline, y up
	w := bounds.Max.X.Ceil() - left
	h := bounds.Max.Y.Ceil() + top
	if w <= 0 || h <= 0 {
		return encodeGlyph(r, nil, 0, 0, 0, 0, advance), true
	}
	dr, mask, mp, _, ok := face.Glyph(fixed.Point26_6{X: fixed.I(-left), Y: fixed.I(top)}, r)
	if !ok {
		return nil, false
	}
	alpha := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := image.Point{X: x, Y: y}
			if !p.In(dr) {
				continue
			}
			_, _, _, a := mask.At(mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y).RGBA()
			alpha[y*w+x] = float64(a) / 0xffff
		}
	}
	// MapLibre places a server glyph's bitmap top at (top - 24 + ...) from
	// its layout origin: fontnik reports top relative to the em's ascent.
	return encodeGlyph(r, sdf(alpha, w, h), w, h, left, top-fontSize, advance), true
}

// sdf turns coverage alpha (w×h) into a signed distance field with a
// border of border pixels on every side, as TinySDF does.
func sdf(alpha []float64, w, h int) []byte {
	W, H := w+2*border, h+2*border
	outer := make([]float64, W*H)
	inner := make([]float64, W*H)
	for i := range outer {
		outer[i] = inf
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := alpha[y*w+x]
			if a == 0 {
				continue
			}
			j := (y+border)*W + x + border
			if a >= 1 {
				outer[j], inner[j] = 0, inf
			} else {
				d := 0.5 - a
				if d > 0 {
					outer[j], inner[j] = d*d, 0
				} else {
					outer[j], inner[j] = 0, d*d
				}
			}
		}
	}
	for i := range inner {
		if outer[i] == inf {
			inner[i] = 0
		}
	}
	edt(outer, W, H)
	edt(inner, W, H)
	out := make([]byte, W*H)
	for i := range out {
		d := math.Sqrt(outer[i]) - math.Sqrt(inner[i])
		v := math.Round(255 - 255*(d/radius+cutoff))
		out[i] = byte(max(0, min(255, v)))
	}
	return out
}

// inf stands for "no edge": large, but finite so the parabolas never
// give NaN (as in TinySDF).
const inf = 1e20

// edt is the 2-D squared Euclidean distance transform of Felzenszwalb and
// Huttenlocher, in place.
func edt(g []float64, w, h int) {
	n := max(w, h)
	f, v, z := make([]float64, n), make([]int, n), make([]float64, n+1)
	for x := 0; x < w; x++ {
		edt1d(g, x, w, h, f, v, z)
	}
	for y := 0; y < h; y++ {
		edt1d(g, y*w, 1, w, f, v, z)
	}
}

func edt1d(g []float64, off, stride, n int, f []float64, v []int, z []float64) {
	v[0], z[0], z[1], f[0] = 0, -inf, inf, g[off]
	k := 0
	for q := 1; q < n; q++ {
		f[q] = g[off+q*stride]
		var s float64
		for {
			r := v[k]
			s = (f[q] - f[r] + float64(q*q-r*r)) / float64(q-r) / 2
			if s <= z[k] {
				k--
				if k > -1 {
					continue
				}
			}
			break
		}
		k++
		v[k], z[k], z[k+1] = q, s, inf
	}
	k = 0
	for q := 0; q < n; q++ {
		for z[k+1] < float64(q) {
			k++
		}
		r := v[k]
		g[off+q*stride] = f[r] + float64((q-r)*(q-r))
	}
}
