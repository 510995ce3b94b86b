// Package jsonfloat appends a float64 as encoding/json writes it, without
// reflection or allocation: the coordinates and numbers of the JSON that
// the API and the stores write by hand on their hot paths.
package jsonfloat

import (
	"math"
	"strconv"
)

// Append appends f as encoding/json writes a float64; false for NaN and
// infinities, which encoding/json refuses.
func Append(b []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}
