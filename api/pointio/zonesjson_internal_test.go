package pointio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/geo"
)

// TestAppendAnswerCache: answers drawn from few zones, so that they recur
// and, with 256 slots, distinct answers share slots, are each encoded as
// encoding/json encodes them, whatever the cache held before; and a reset
// cache lets go of its zones.
func TestAppendAnswerCache(t *testing.T) {
	zones := make([]*geo.Zone, 40)
	for i := range zones {
		zones[i] = &geo.Zone{Layer: fmt.Sprint("l", i%3), ID: fmt.Sprintf("z\"%d<é>", i)}
	}
	type ref struct {
		Layer string `json:"layer"`
		ID    string `json:"id"`
	}
	long := &geo.Zone{Layer: "long", ID: strings.Repeat("x", maxAnswerBytes)}
	rng := rand.New(rand.NewPCG(7, 8))
	f := fragments{max: 16} // the zone encodings start afresh too
	var buf []byte
	for n := range 20_000 {
		zs := make([]*geo.Zone, rng.IntN(7))
		for k := range zs {
			zs[k] = zones[rng.IntN(len(zones))]
		}
		if n%1000 == 999 { // an answer too long to cache, in a slot that may hold one
			zs = []*geo.Zone{long}
		}
		refs := []ref{}
		for _, z := range zs {
			refs = append(refs, ref{z.Layer, z.ID})
		}
		var w bytes.Buffer
		enc := json.NewEncoder(&w)
		enc.SetEscapeHTML(false) // as wire.AppendString
		if err := enc.Encode(map[string][]ref{"zones": refs}); err != nil {
			t.Fatal(err)
		}
		want := bytes.TrimSuffix(w.Bytes(), []byte("\n"))
		buf = f.appendAnswer(append(buf[:0], "x,"...), zs)
		if got := string(buf[2:]); got != string(want) || string(buf[:2]) != "x," {
			t.Fatalf("answer %d of %d zones: %s, want x,%s", n, len(zs), buf, want)
		}
		if n == 10_000 {
			f.reset()
			for _, z := range f.answerZones {
				if z != nil {
					t.Fatal("a reset answer cache still holds a zone")
				}
			}
		}
	}
}

// TestAppendAnswerAllocs: a warm cache encodes answers, new or cached,
// without allocating (the stream's memory test counts allocations a line).
func TestAppendAnswerAllocs(t *testing.T) {
	zones := make([]*geo.Zone, 600)
	for i := range zones {
		zones[i] = &geo.Zone{Layer: "l", ID: fmt.Sprint("zone-", i)}
	}
	var f fragments
	buf := make([]byte, 0, 1<<16)
	answer := func(i int) []*geo.Zone { return zones[i%597 : i%597+1+i%4] }
	for i := range 2000 {
		buf = f.appendAnswer(buf[:0], answer(i))
	}
	i := 0
	if n := testing.AllocsPerRun(1000, func() { buf = f.appendAnswer(buf[:0], answer(i)); i += 7 }); n != 0 {
		t.Fatalf("%v allocations per answer, want 0", n)
	}
}
