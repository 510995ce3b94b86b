package pointio_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/pointio"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// heavySnapshot returns a snapshot of 300 overlapping stars of 800
// vertices, large enough (~6 MB prepared) that the index answers big
// batches in Morton order rather than input order, and random points over
// and around them, some on vertices.
func heavySnapshot(t *testing.T) (*index.Snapshot, []orb.Point) {
	t.Helper()
	rng := rand.New(rand.NewPCG(21, 22))
	var zs []*geo.Zone
	var pts []orb.Point
	for i := range 300 {
		c := orb.Point{111 + 0.3*rng.Float64(), 35.5 + 0.3*rng.Float64()}
		ring := make(orb.Ring, 801)
		for k := range 800 {
			a := 2 * math.Pi * float64(k) / 800
			r := 0.02 + 0.02*rng.Float64()
			ring[k] = orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)}
		}
		ring[800] = ring[0]
		zs = append(zs, &geo.Zone{Layer: fmt.Sprint("l", i%2), ID: fmt.Sprintf("s%03d", i), Version: 1,
			Kind: geo.KindCustom, Status: geo.StatusPublished, Geometry: orb.Polygon{ring}})
		pts = append(pts, ring[rng.IntN(800)])
	}
	ix := index.New()
	ix.Apply(zs...)
	s := ix.Snapshot()
	s.WaitReady()
	for range 5000 {
		pts = append(pts, orb.Point{110.95 + 0.4*rng.Float64(), 35.45 + 0.4*rng.Float64()})
	}
	rng.Shuffle(len(pts), func(i, j int) { pts[i], pts[j] = pts[j], pts[i] })
	if !s.SortsBatch(len(pts)) {
		t.Fatalf("prepared polygons use %d bytes; the test needs an index that sorts batches", s.Stats().Bytes)
	}
	return s, pts
}

// answer encodes one point's answer from ZonesAt, as the batch and stream
// answers should.
func answer(t *testing.T, s *index.Snapshot, p orb.Point, q index.Query) string {
	t.Helper()
	type ref struct {
		Layer string `json:"layer"`
		ID    string `json:"id"`
	}
	refs := []ref{}
	for _, z := range s.ZonesAt(nil, p, q) {
		refs = append(refs, ref{z.Layer, z.ID})
	}
	b, err := json.Marshal(map[string][]ref{"zones": refs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEncodeBatchEqualsZonesAt: on an index large enough that batches are
// looked up out of order, the batch answer holds each point's ZonesAt
// answer in input order.
func TestEncodeBatchEqualsZonesAt(t *testing.T) {
	s, pts := heavySnapshot(t)
	q := index.Query{At: time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC), Layers: []string{"l1"}}
	var want bytes.Buffer
	want.WriteString(`{"results":[`)
	hits := 0
	for i, p := range pts {
		if i > 0 {
			want.WriteByte(',')
		}
		a := answer(t, s, p, q)
		hits += bytes.Count([]byte(a), []byte(`"id"`))
		want.WriteString(a)
	}
	want.WriteString("]}\n")
	var got bytes.Buffer
	ans := new(pointio.Scratch).EncodeBatch(s, pts, q)
	size := ans.Size()
	if _, err := ans.Buffers.WriteTo(&got); err != nil {
		t.Fatal(err)
	}
	ans.Release()
	if size != got.Len() {
		t.Fatalf("Size %d, wrote %d bytes", size, got.Len())
	}
	if got.String() != want.String() {
		t.Fatalf("batch answer differs from ZonesAt's (%d bytes vs %d)", got.Len(), want.Len())
	}
	if hits < len(pts)/2 {
		t.Fatalf("only %d hits: the sample does not exercise the zones", hits)
	}
}

// TestAnswerChunkEqualsZonesAt: chunks of stream lines, bad lines among
// them, are answered line by line with ZonesAt's answers and the errors in
// their places, whatever the round and share sizes.
func TestAnswerChunkEqualsZonesAt(t *testing.T) {
	s, pts := heavySnapshot(t)
	q := index.Query{At: time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)}
	var c pointio.Chunk
	c.Reset(1)
	var want bytes.Buffer
	for i, p := range pts {
		if i%97 == 5 {
			fmt.Fprintf(&want, `{"error":{"code":"invalid_point","message":"bad","line":%d}}`+"\n", c.Next())
			c.AddBad("invalid_point", "bad")
		}
		c.Add(fmt.Appendf(nil, "[%s,%s]\n", strconv.FormatFloat(p[0], 'f', -1, 64), strconv.FormatFloat(p[1], 'f', -1, 64)), crs.WGS84)
		want.WriteString(answer(t, s, p, q) + "\n")
	}
	var sc pointio.Scratch
	for _, sizes := range [][2]int{{8192, 1024}, {1000, 300}, {len(pts) + 5, 64}, {1, 1}} {
		var got bytes.Buffer
		rounds := 0
		err := sc.AnswerChunk(s, q, &c, sizes[0], sizes[1], func(b []byte) error { // later runs reuse pooled caches
			rounds++
			got.Write(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d, share %d: stream answer differs from ZonesAt's (%d bytes vs %d)", sizes[0], sizes[1], got.Len(), want.Len())
		}
		if rounds < c.Len()/sizes[0] {
			t.Fatalf("round %d: %d writes for %d lines", sizes[0], rounds, c.Len())
		}
	}
}
