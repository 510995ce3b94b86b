package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// httpConn is one keep-alive HTTP/1.1 connection driven by hand: requests
// are written from a reused buffer and answers read with
// http.ReadResponse into a reused body buffer, so the client costs little
// CPU next to the server on a small machine (net/http's Transport costs
// several goroutine hand-offs per request). Every server gets the same.
type httpConn struct {
	c    net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
	req  []byte // the request head being written
	tgt  []byte // the request target being built
	body bytes.Buffer
	auth string // Authorization header value, or ""
}

// dialHTTP connects to addr (host:port).
func dialHTTP(addr, auth string) (*httpConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	return &httpConn{c: c, br: bufio.NewReaderSize(c, 64<<10), bw: bufio.NewWriterSize(c, 64<<10), auth: auth}, nil
}

func (h *httpConn) Close() error { return h.c.Close() }

// do sends one request (body nil for GET) and returns the status and the
// answer's body, valid until the next call.
func (h *httpConn) do(method string, target []byte, ctype string, body []byte) (int, []byte, error) {
	r := append(h.req[:0], method...)
	r = append(append(append(r, ' '), target...), " HTTP/1.1\r\nHost: bench\r\n"...)
	if h.auth != "" {
		r = append(append(append(r, "Authorization: "...), h.auth...), "\r\n"...)
	}
	if body != nil {
		r = append(append(append(r, "Content-Type: "...), ctype...), "\r\nContent-Length: "...)
		r = append(strconv.AppendInt(r, int64(len(body)), 10), "\r\n"...)
	}
	h.req = append(r, "\r\n"...)
	if _, err := h.bw.Write(h.req); err != nil {
		return 0, nil, err
	}
	if _, err := h.bw.Write(body); err != nil {
		return 0, nil, err
	}
	if err := h.bw.Flush(); err != nil {
		return 0, nil, err
	}
	resp, err := http.ReadResponse(h.br, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("read answer: %w", err)
	}
	h.body.Reset()
	_, err = h.body.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, nil, fmt.Errorf("read answer body: %w", err)
	}
	return resp.StatusCode, h.body.Bytes(), nil
}

// Answer objects: every point's answer starts {"zones":, every zone in it
// {"layer": (the floor's and zonegate's {"layer":..,"id":..}).
var (
	zonesKey = []byte(`{"zones":`)
	layerKey = []byte(`{"layer":`)
)

// countAnswers scans an answer without decoding it: the points answered
// and the zones found, from the objects that open with zonesKey and
// layerKey. It visits only the '{' bytes (one per point and per zone), so
// it costs far less than encoding/json over the same bytes.
func countAnswers(b []byte) (answers, hits int) {
	for {
		i := bytes.IndexByte(b, '{')
		if i < 0 {
			return answers, hits
		}
		b = b[i:]
		switch {
		case bytes.HasPrefix(b, layerKey):
			hits++
		case bytes.HasPrefix(b, zonesKey):
			answers++
		}
		b = b[1:]
	}
}

// lookup asks GET /v1/zones/at for one point and returns its zone count.
func (h *httpConn) lookup(p orb.Point) (int, error) {
	t := append(h.tgt[:0], "/v1/zones/at?lon="...)
	t = strconv.AppendFloat(t, p[0], 'f', -1, 64)
	t = strconv.AppendFloat(append(t, "&lat="...), p[1], 'f', -1, 64)
	h.tgt = t
	st, b, err := h.do("GET", t, "", nil)
	if err != nil {
		return 0, err
	}
	if st != http.StatusOK {
		return 0, fmt.Errorf("GET /v1/zones/at: status %d: %.200s", st, b)
	}
	_, hits := countAnswers(b)
	return hits, nil
}

// checkBody is a coal-truck check at p: residential coal with its papers
// on 2020-11-01, inside the campaign, so a point in a coal_ban zone is
// denied with COAL_BAN_ZONE and one outside passes.
func checkBody(buf []byte, p orb.Point) []byte {
	buf = append(buf[:0], `{"position":`...)
	buf = appendPair(buf, p)
	return append(buf, `,"at":"2020-11-01","cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},`+
		`"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},`+
		`"plate":"晋L·BENCH","station":"bench"}`...)
}

var (
	checkPath = []byte("/v1/checks/coal-truck")
	denyKey   = []byte(`"decision":"deny"`)
)

// check sends one coal-truck check at p and says whether it was denied.
func (h *httpConn) check(buf []byte, p orb.Point) ([]byte, bool, error) {
	buf = checkBody(buf, p)
	st, b, err := h.do("POST", checkPath, "application/json", buf)
	if err != nil {
		return buf, false, err
	}
	if st != http.StatusOK {
		return buf, false, fmt.Errorf("POST /v1/checks/coal-truck: status %d: %.300s", st, b)
	}
	return buf, bytes.Contains(b, denyKey), nil
}

// batcher posts batches of points to POST /v1/zones/at, encoding into a
// reused buffer with strconv.AppendFloat and counting the answer's zones
// with a byte scan (no encoding/json on either side), and keeps the
// client's own encode and decode time apart from the round trip.
type batcher struct {
	*httpConn
	buf            []byte
	encode, decode time.Duration
}

var batchPath = []byte("/v1/zones/at")

// post sends pts as one batch and returns the hits.
func (b *batcher) post(pts []orb.Point) (int, error) {
	t0 := time.Now()
	buf := append(b.buf[:0], `{"points":[`...)
	for i, p := range pts {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendPair(buf, p)
	}
	b.buf = append(buf, "]}"...)
	b.encode += time.Since(t0)
	st, body, err := b.do("POST", batchPath, "application/json", b.buf)
	if err != nil {
		return 0, err
	}
	if st != http.StatusOK {
		return 0, fmt.Errorf("POST /v1/zones/at: status %d: %.300s", st, body)
	}
	t1 := time.Now()
	answers, hits := countAnswers(body)
	b.decode += time.Since(t1)
	if answers != len(pts) {
		return 0, fmt.Errorf("POST /v1/zones/at: %d answers for %d points", answers, len(pts))
	}
	return hits, nil
}

// appendPair appends [x,y] in the shortest decimal form.
func appendPair(buf []byte, p orb.Point) []byte {
	buf = strconv.AppendFloat(append(buf, '['), p[0], 'f', -1, 64)
	return append(strconv.AppendFloat(append(buf, ','), p[1], 'f', -1, 64), ']')
}

// stream sends pts as NDJSON over one request while reading the answers
// (full duplex), and returns the hits. It uses net/http's client: one
// request per run, so its per-request cost does not matter.
func stream(c *http.Client, url string, pts []orb.Point) (hits int, err error) {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 64<<10)
		for _, p := range pts {
			b := bw.AvailableBuffer()
			if _, err := bw.Write(append(appendPair(b, p), '\n')); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(bw.Flush())
	}()
	resp, err := c.Post(url+"/v1/zones/at/stream", "application/x-ndjson", pr)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return 0, fmt.Errorf("stream: status %d: %s", resp.StatusCode, b)
	}
	br := bufio.NewReaderSize(resp.Body, 256<<10)
	lines := 0
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			lines++
			_, h := countAnswers(line)
			hits += h
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	if lines != len(pts) {
		return 0, fmt.Errorf("stream: %d answer lines for %d points", lines, len(pts))
	}
	return hits, nil
}
