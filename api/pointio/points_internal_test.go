package pointio

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/wire"
)

// FuzzDecodeBatch checks the hand-written batch parser against
// encoding/json: whatever it accepts must be valid JSON that encoding/json
// decodes to the same points, layers, at and crs.
func FuzzDecodeBatch(f *testing.F) {
	for _, seed := range []string{
		`{"points":[[111.5,36.1],[0,-0.5e1]],"at":"2020-01-01","crs":"gcj02","layers":["a","b"]}`,
		`{"points":[]}`, `{"points":null}`, ` { "layers" : [ ] , "points" : [ [ 1 , 2 ] ] } `,
		`{"points":[[1,2]],"points":[[3,4]]}`, `{"at":"\u0032020"}`, `{"\u0070oints":[[1,2]]}`,
	} {
		f.Add(seed)
	}
	var pooled Scratch // reused across inputs: its pooled points hold earlier ones
	f.Fuzz(func(t *testing.T, body string) {
		got, err := DecodeBatch([]byte(body), 1000)
		fromPool, poolErr := pooled.DecodeBatch([]byte(body), 1000)
		if (err == nil) != (poolErr == nil) || err != nil && err.Error() != poolErr.Error() {
			t.Fatalf("%q: DecodeBatch says %v, Scratch.DecodeBatch %v", body, err, poolErr)
		}
		if (got.Points == nil) != (fromPool.Points == nil) || !slices.Equal(got.Points, fromPool.Points) {
			t.Fatalf("%q: Scratch.DecodeBatch gives %v, DecodeBatch %v", body, fromPool.Points, got.Points)
		}
		pooled.ReleasePoints(fromPool.Points)
		if err != nil {
			if _, ok := err.(*wire.Error); !ok {
				t.Fatalf("error of type %T for %q: %v", err, body, err)
			}
			return
		}
		var want struct {
			Points [][]float64 `json:"points"`
			At     string      `json:"at"`
			CRS    string      `json:"crs"`
			Layers []string    `json:"layers"`
		}
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("accepted %q, which encoding/json rejects: %v", body, err)
		}
		if len(want.Points) != len(got.Points) || want.At != got.At || want.CRS != got.CRS || strings.Join(want.Layers, ",") != strings.Join(got.Layers, ",") {
			t.Fatalf("%q: got %+v, encoding/json says %+v", body, got, want)
		}
		for i, p := range want.Points {
			g := got.Points[i]
			if len(p) != 2 || math.Float64bits(p[0]) != math.Float64bits(g[0]) || math.Float64bits(p[1]) != math.Float64bits(g[1]) {
				t.Fatalf("%q: point %d = %v, encoding/json says %v", body, i, g, p)
			}
		}
	})
}

// TestNumberMatchesParseFloat: the fast path must give exactly
// strconv.ParseFloat's bits for every JSON number it accepts, and accept
// exactly JSON's grammar.
func TestNumberMatchesParseFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(20201015, 1))
	formats := []byte{'f', 'e', 'g'}
	check := func(s string) {
		t.Helper()
		p := pointParser{b: []byte(s)}
		got, ok := p.number()
		ok = ok && p.pos == len(s) // number reads a prefix; pair rejects what follows
		want, err := strconv.ParseFloat(s, 64)
		jsonOK := json.Valid([]byte(s)) && err == nil
		if ok != jsonOK {
			t.Fatalf("number(%q) ok=%v, want %v", s, ok, jsonOK)
		}
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("number(%q) = %v (%x), ParseFloat = %v (%x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
		// Followed by more of a body, as in a batch, digits are read
		// eight bytes at a time: the same number, ending at the same byte.
		for _, tail := range []string{",36.0881234]", "]", " ]\n", "]]}", "é", "\x00\xff/:"} {
			p := pointParser{b: []byte(s + tail)}
			inBody, okInBody := p.number()
			if ok && (!okInBody || p.pos != len(s) || math.Float64bits(inBody) != math.Float64bits(got)) {
				t.Fatalf("number(%q) = %v, ok %v, ending at %d; alone %v ending at %d", s+tail, inBody, okInBody, p.pos, got, len(s))
			}
		}
	}
	for range 200_000 {
		v := (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(40)-20))
		check(strconv.FormatFloat(v, formats[rng.IntN(3)], rng.IntN(25)-1, 64))
	}
	for _, s := range []string{"0", "-0", "0.0", "1", "111.5186", "36.088", "-180", "1e22", "1e23", "123456789012345678", "1234567890123456789",
		"12345678901234567890", "0.1234567890123456789", "9007199254740993", "4.9e-324", "1e-400", "1e999", "01", "+1", ".5", "1.", "1e", "1e+",
		"--1", "-", "", "1.2.3", "0x10", "Inf", "NaN", "1E5", "2.5E-3", "0.000000000000000000001"} {
		check(s)
	}
}
