// Package glyphs serves the font glyphs of the map labels in MapLibre's
// glyph PBF format (signed distance fields, 256 codepoints a range). Only
// Latin letters, digits and a few symbol blocks are embedded, generated at
// `go generate` time from DejaVu Sans (Debian fonts-dejavu-core, a free
// licence); the map page draws CJK names from the browser's local font
// (MapLibre's localIdeographFontFamily), so no label needs the network.
package glyphs

//go:generate go run ./internal/gen -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf -name "DejaVu Sans Book" -out pbf

import (
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

//go:embed pbf
var pbf embed.FS

// Fontstack is the font the embedded ranges come from; style layers name
// it in text-font.
const Fontstack = "DejaVu Sans Book"

// ErrBadRange is wrapped by Range for a range that is not "<start>-<end>"
// with start a multiple of 256 below 65536 and end = start + 255.
var ErrBadRange = errors.New("glyph range must be <start>-<start+255> with start a multiple of 256 below 65536")

// Range returns the glyph PBF of rng ("0-255") for the font stack
// fontstack (a comma-separated list, as MapLibre asks). Every stack is
// answered from the embedded font; a valid range the font does not cover
// is an empty but well-formed range, so the client does not log an error
// for each missing block.
func Range(fontstack, rng string) ([]byte, error) {
	start, end, ok := strings.Cut(rng, "-")
	s, err1 := strconv.Atoi(start)
	e, err2 := strconv.Atoi(end)
	if !ok || err1 != nil || err2 != nil || s < 0 || s%256 != 0 || e != s+255 || s > 65535 {
		return nil, fmt.Errorf("glyph range %q: %w", rng, ErrBadRange)
	}
	if body, err := pbf.ReadFile("pbf/" + Fontstack + "/" + rng + ".pbf"); err == nil {
		return body, nil
	}
	return emptyRange(fontstack, rng), nil
}

// emptyRange encodes glyphs{stacks: fontstack{name, range}} with no glyph.
func emptyRange(name, rng string) []byte {
	field := func(b []byte, tag byte, v []byte) []byte {
		b = append(b, tag)
		n := uint64(len(v))
		for n >= 0x80 {
			b = append(b, byte(n)|0x80)
			n >>= 7
		}
		return append(append(b, byte(n)), v...)
	}
	var stack []byte
	stack = field(stack, 1<<3|2, []byte(name))
	stack = field(stack, 2<<3|2, []byte(rng))
	return field(nil, 1<<3|2, stack)
}
