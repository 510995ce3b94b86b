package main

import (
	"bufio"
	"errors"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// TestReadRESP parses every reply type the harness meets, and refuses
// malformed input with an error instead of a wrong value.
func TestReadRESP(t *testing.T) {
	t.Parallel()
	in := "+OK\r\n-ERR bad\r\n:42\r\n$5\r\nhe\r\nl\r\n$-1\r\n*2\r\n:0\r\n*2\r\n$2\r\nid\r\n+x\r\n*0\r\n"
	br := bufio.NewReader(strings.NewReader(in))
	want := []respValue{
		{kind: '+', str: "OK"},
		{kind: '-', str: "ERR bad"},
		{kind: ':', num: 42},
		{kind: '$', str: "he\r\nl"},
		{kind: '$', isNull: true},
		{kind: '*', array: []respValue{{kind: ':'}, {kind: '*', array: []respValue{{kind: '$', str: "id"}, {kind: '+', str: "x"}}}}},
		{kind: '*', array: []respValue{}},
	}
	for i, w := range want {
		v, err := readRESP(br)
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		if !reflect.DeepEqual(v, w) {
			t.Fatalf("reply %d: got %+v, want %+v", i, v, w)
		}
	}
	for _, bad := range []string{"?x\r\n", "$3\r\nabcd\r\n", ":x\r\n", "$-2\r\n", "*99999999999\r\n", "+OK\n", "$5\r\nab"} {
		if v, err := readRESP(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("%q: parsed as %+v, want an error", bad, v)
		}
	}
}

// startFake serves a fakeTile38 on a loopback port for the test.
func startFake(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go (&fakeTile38{}).serve(ln)
	return ln.Addr().String()
}

// TestTile38Driver loads the demo counties into the fake RESP server and
// holds the driver's one-per-round-trip and pipelined hit totals to a
// brute-force count (the fake checks lat/lon order: it reads lat first,
// as Tile38 does). Not a test against a real Tile38.
func TestTile38Driver(t *testing.T) {
	t.Parallel()
	addr := startFake(t)
	polys, _, err := loadPolygons("", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tile38Load(addr, polys); err != nil {
		t.Fatal(err)
	}
	pts := seededPoints(polys, 1000) // not a multiple of the pipeline depth
	rc, err := dialRESP(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	want := bruteHits(polys, pts[:300])
	if want == 0 {
		t.Fatal("no hits: the test would prove nothing")
	}
	got := 0
	for _, p := range pts[:300] {
		n, err := rc.tile38Lookup(p)
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	if got != want {
		t.Fatalf("one per round trip: %d hits, brute force %d", got, want)
	}
	if got, want := must(rc.tile38Pipelined(pts)), bruteHits(polys, pts); got != want {
		t.Fatalf("pipelined: %d hits, brute force %d", got, want)
	}
	// A swapped point (lon, lat) is far outside the counties.
	if n := must(rc.tile38Lookup(orb.Point{pts[0][1], pts[0][0]})); n != 0 {
		t.Fatalf("swapped point: %d hits, want 0", n)
	}
	// An error reply is a respError, and the connection stays usable.
	var re respError
	if _, err := rc.do("NOPE"); !errors.As(err, &re) {
		t.Fatalf("unknown command: err %v, want a respError", err)
	}
	if v, err := rc.do("PING"); err != nil || v.str != "PONG" {
		t.Fatalf("PING after an error: %+v, %v", v, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestParsePairs reads the floor's point lists and refuses junk.
func TestParsePairs(t *testing.T) {
	t.Parallel()
	var got []orb.Point
	if err := parsePairs([]byte(" [1.5,2],\n[ -3 , 4e1 ]]}"), func(p orb.Point) { got = append(got, p) }); err != nil {
		t.Fatal(err)
	}
	if want := []orb.Point{{1.5, 2}, {-3, 40}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"[1]", "[1,x]", "x[1,2]", "[1,2] y", "[1,2"} {
		if err := parsePairs([]byte(bad), func(orb.Point) {}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestChildStop starts a child, reads its CPU from /proc, and stops it.
func TestChildStop(t *testing.T) {
	t.Parallel()
	c, err := startChild("sleeper", t.TempDir(), "", "sleep", "30")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.cpu(); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	c.stop()
	if d := time.Since(t0); d > 4*time.Second {
		t.Fatalf("stop took %s: SIGTERM was not enough", d)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(c.cmd.Process.Pid) + "/stat"); err == nil {
		t.Fatal("child still in /proc after stop")
	}
}

// TestCountAnswers counts points and zones in batch and stream answers.
func TestCountAnswers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in            string
		answers, hits int
	}{
		{`{"results":[{"zones":[{"layer":"bench","id":"a"},{"layer":"bench","id":"b"}]},{"zones":[]}]}`, 2, 2},
		{"{\"zones\":[{\"layer\":\"x\",\"id\":\"{\"}]}\n", 1, 1},
		{`{"zones":[]}`, 1, 0},
		{``, 0, 0},
	} {
		if a, h := countAnswers([]byte(c.in)); a != c.answers || h != c.hits {
			t.Errorf("%s: %d answers %d hits, want %d and %d", c.in, a, h, c.answers, c.hits)
		}
	}
}

// TestBandedMatchesOrb holds the floor's banded test to orb's planar one
// over seeded points, on the demo counties (holes, multipolygons) and a
// few heavy stars.
func TestBandedMatchesOrb(t *testing.T) {
	t.Parallel()
	counties, _, err := loadPolygons("", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, polys := range [][]polygon{counties, heavyStars(8)} {
		pts := seededPoints(polys, 1500)
		for _, p := range polys {
			b := prepare(p.geom)
			for _, pt := range pts {
				if got, want := b.contains(pt), contains(p.geom, pt); got != want {
					t.Fatalf("%s at %v: banded %v, orb %v", p.id, pt, got, want)
				}
			}
		}
	}
}
