package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// fakeTile38Env makes the test binary, run as a child, be fakeTile38Main:
// the smoke test passes the test binary itself as --tile38.
const fakeTile38Env = "ZONEGATE_BENCH_FAKE_TILE38"

// fakeTile38 is a tiny RESP server speaking the part of Tile38's protocol
// the harness uses: PING, SET key id OBJECT geojson (answers OK) and
// INTERSECTS key IDS POINT lat lon (answers [0, [ids…]] from a
// brute-force point-in-polygon test over the loaded objects). It stands in
// for tile38-server in tests; it is not Tile38.
type fakeTile38 struct {
	mu   sync.Mutex
	objs []polygon
}

// fakeTile38Main is `-h HOST -p PORT -d DIR -q`, as tile38-server takes.
func fakeTile38Main(args []string) int {
	fs := flag.NewFlagSet("fake-tile38", flag.ContinueOnError)
	host := fs.String("h", "127.0.0.1", "")
	port := fs.Int("p", 9851, "")
	fs.String("d", "data", "")
	fs.Bool("q", false, "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	(&fakeTile38{}).serve(ln)
	return 0
}

// serve answers connections on ln until it is closed.
func (f *fakeTile38) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go f.conn(c)
	}
}

func (f *fakeTile38) conn(c net.Conn) {
	defer c.Close()
	br, bw := bufio.NewReader(c), bufio.NewWriter(c)
	for {
		v, err := readRESP(br)
		if err != nil {
			return
		}
		var args []string
		for _, a := range v.array {
			args = append(args, a.str)
		}
		f.answer(bw, args)
		if br.Buffered() == 0 {
			if bw.Flush() != nil {
				return
			}
		}
	}
}

func (f *fakeTile38) answer(bw *bufio.Writer, args []string) {
	cmd := ""
	if len(args) > 0 {
		cmd = strings.ToUpper(args[0])
	}
	switch {
	case cmd == "PING":
		bw.WriteString("+PONG\r\n")
	case cmd == "SET" && len(args) == 5 && strings.EqualFold(args[3], "OBJECT"):
		g, err := geojson.UnmarshalGeometry([]byte(args[4]))
		if err != nil {
			bw.WriteString("-ERR invalid geojson\r\n")
			return
		}
		f.mu.Lock()
		f.objs = append(f.objs, polygon{id: args[2], geom: g.Geometry()})
		f.mu.Unlock()
		bw.WriteString("+OK\r\n")
	case cmd == "INTERSECTS" && len(args) == 6 && args[2] == "IDS" && args[3] == "POINT":
		lat, err1 := strconv.ParseFloat(args[4], 64)
		lon, err2 := strconv.ParseFloat(args[5], 64)
		if err1 != nil || err2 != nil {
			bw.WriteString("-ERR invalid argument\r\n")
			return
		}
		p := orb.Point{lon, lat}
		var ids []string
		f.mu.Lock()
		for _, o := range f.objs {
			if o.geom.Bound().Contains(p) && contains(o.geom, p) {
				ids = append(ids, o.id)
			}
		}
		f.mu.Unlock()
		fmt.Fprintf(bw, "*2\r\n:0\r\n*%d\r\n", len(ids))
		for _, id := range ids {
			fmt.Fprintf(bw, "$%d\r\n%s\r\n", len(id), id)
		}
	default:
		fmt.Fprintf(bw, "-ERR unknown command '%s'\r\n", cmd)
	}
}
