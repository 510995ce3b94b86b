package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// tile38Key is the collection the polygons are SET into.
const tile38Key = "zones"

// tile38Pipeline is how many INTERSECTS are sent before their replies are
// read in the pipelined mode.
const tile38Pipeline = 64

// startTile38 runs a tile38-server binary: `PATH -h 127.0.0.1 -p PORT -d
// DIR -q` (its documented flags: listen host, port, data directory,
// quiet), waits for PING, and loads the polygons.
func startTile38(ctx context.Context, bin, dir string, polys []polygon) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := cutLast(addr, ':')
	c, err := startChild("tile38", dir, addr, bin, "-h", "127.0.0.1", "-p", port, "-d", dir+"/tile38-data", "-q")
	if err != nil {
		return nil, err
	}
	ping := func() error {
		rc, err := dialRESP(addr)
		if err != nil {
			return err
		}
		defer rc.Close()
		v, err := rc.do("PING")
		if err != nil {
			return err
		}
		if v.str != "PONG" {
			return fmt.Errorf("PING answered %q", v.str)
		}
		return nil
	}
	if err := c.waitReady(ctx, time.Minute, ping); err != nil {
		c.stop()
		return nil, err
	}
	if err := tile38Load(addr, polys); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// cutLast splits s around the last sep.
func cutLast(s string, sep byte) (before, after string, found bool) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// tile38Load sends `SET zones <id> OBJECT <geojson>` for every polygon,
// pipelined, and checks every reply is OK.
func tile38Load(addr string, polys []polygon) error {
	rc, err := dialRESP(addr)
	if err != nil {
		return err
	}
	defer rc.Close()
	for start := 0; start < len(polys); start += tile38Pipeline {
		batch := polys[start:min(start+tile38Pipeline, len(polys))]
		for _, p := range batch {
			g, err := geojson.NewGeometry(p.geom).MarshalJSON()
			if err != nil {
				return fmt.Errorf("tile38: encode %s: %w", p.id, err)
			}
			if err := rc.send("SET", tile38Key, p.id, "OBJECT", string(g)); err != nil {
				return fmt.Errorf("tile38: SET: %w", err)
			}
		}
		if err := rc.flush(); err != nil {
			return fmt.Errorf("tile38: SET: %w", err)
		}
		for _, p := range batch {
			v, err := rc.read()
			if err != nil {
				return fmt.Errorf("tile38: SET %s: %w", p.id, err)
			}
			if v.str != "OK" {
				return fmt.Errorf("tile38: SET %s answered %q, want OK", p.id, v.str)
			}
		}
	}
	return nil
}

// sendIntersects buffers `INTERSECTS zones IDS POINT <lat> <lon>`: Tile38
// takes latitude first. Numbers are appended in place (no strings).
func (r *respConn) sendIntersects(p orb.Point) error {
	b := append(r.bw.AvailableBuffer(), "*6\r\n$10\r\nINTERSECTS\r\n$5\r\nzones\r\n$3\r\nIDS\r\n$5\r\nPOINT\r\n"...)
	for _, f := range [2]float64{p[1], p[0]} {
		var num [32]byte
		n := strconv.AppendFloat(num[:0], f, 'f', -1, 64)
		b = strconv.AppendInt(append(b, '$'), int64(len(n)), 10)
		b = append(append(append(b, "\r\n"...), n...), "\r\n"...)
	}
	_, err := r.bw.Write(b)
	return err
}

// readIntersects reads one INTERSECTS … IDS reply, [cursor, [id, …]], and
// returns the number of ids. A non-zero cursor (a paginated answer, more
// than the default LIMIT of 100) is an error: the count would be short.
func (r *respConn) readIntersects() (int, error) {
	v, err := r.read()
	if err != nil {
		return 0, fmt.Errorf("tile38: INTERSECTS: %w", err)
	}
	if v.kind != '*' || len(v.array) != 2 || v.array[0].kind != ':' || v.array[1].kind != '*' {
		return 0, fmt.Errorf("tile38: INTERSECTS: reply is not [cursor, [ids]]")
	}
	if v.array[0].num != 0 {
		return 0, fmt.Errorf("tile38: INTERSECTS: paginated reply (cursor %d)", v.array[0].num)
	}
	return len(v.array[1].array), nil
}

// tile38Lookup asks for the zones at one point and waits for the answer.
func (r *respConn) tile38Lookup(p orb.Point) (int, error) {
	if err := r.sendIntersects(p); err != nil {
		return 0, err
	}
	if err := r.flush(); err != nil {
		return 0, err
	}
	return r.readIntersects()
}

// tile38Pipelined sends pts in rounds of tile38Pipeline INTERSECTS before
// reading their replies, and returns the hits.
func (r *respConn) tile38Pipelined(pts []orb.Point) (int, error) {
	hits := 0
	for start := 0; start < len(pts); start += tile38Pipeline {
		round := pts[start:min(start+tile38Pipeline, len(pts))]
		for _, p := range round {
			if err := r.sendIntersects(p); err != nil {
				return 0, err
			}
		}
		if err := r.flush(); err != nil {
			return 0, err
		}
		for range round {
			n, err := r.readIntersects()
			if err != nil {
				return 0, err
			}
			hits += n
		}
	}
	return hits, nil
}
