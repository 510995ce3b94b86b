package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
)

// mode is one way of asking: kind "get" (one lookup per request over
// conns connections), "batch" (batch points per POST) or "stream".
type mode struct {
	name  string
	kind  string
	conns int
	batch int
}

// result is what one server did in one mode.
type result struct {
	points   int
	elapsed  time.Duration
	cpu      time.Duration
	p50, p99 time.Duration
}

func (r result) rate() float64 { return float64(r.points) / r.elapsed.Seconds() }

func (r result) cpuPerPoint() time.Duration {
	if r.points == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.points)
}

func newClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
}

// hitTotal answers pts through one mode and counts the zones found.
func hitTotal(url, kind string, pts []orb.Point) (int, error) {
	c := newClient(1)
	switch kind {
	case "get":
		total := 0
		for _, p := range pts {
			n, err := getOne(c, url, p)
			if err != nil {
				return 0, err
			}
			total += n
		}
		return total, nil
	case "batch":
		return postBatch(c, url, pts)
	default:
		n, _, err := stream(c, url, pts)
		return n, err
	}
}

var layerKey = []byte(`"layer":`)

func getOne(c *http.Client, url string, p orb.Point) (int, error) {
	resp, err := c.Get(url + "/v1/zones/at?lon=" + strconv.FormatFloat(p[0], 'f', -1, 64) + "&lat=" + strconv.FormatFloat(p[1], 'f', -1, 64))
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET: status %d %s: %v", resp.StatusCode, b, err)
	}
	return bytes.Count(b, layerKey), nil
}

func postBatch(c *http.Client, url string, pts []orb.Point) (int, error) {
	buf := append(make([]byte, 0, 24*len(pts)), `{"points":[`...)
	for i, p := range pts {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendPair(buf, p)
	}
	buf = append(buf, "]}"...)
	resp, err := c.Post(url+"/v1/zones/at", "application/json", bytes.NewReader(buf))
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("batch: status %d: %v", resp.StatusCode, err)
	}
	return bytes.Count(b, layerKey), nil
}

func appendPair(buf []byte, p orb.Point) []byte {
	buf = strconv.AppendFloat(append(buf, '['), p[0], 'f', -1, 64)
	return append(strconv.AppendFloat(append(buf, ','), p[1], 'f', -1, 64), ']')
}

// stream sends pts as NDJSON over one request while reading the answers,
// and returns the hits and the answer lines.
func stream(c *http.Client, url string, pts []orb.Point) (hits, lines int, err error) {
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
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("stream: status %d", resp.StatusCode)
	}
	br := bufio.NewReaderSize(resp.Body, 256<<10)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			lines++
			hits += bytes.Count(line, layerKey)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, err
		}
	}
	if lines != len(pts) {
		return 0, 0, fmt.Errorf("stream: %d answer lines for %d points", lines, len(pts))
	}
	return hits, lines, nil
}

// measure runs one mode against one server for about d.
func measure(url string, m mode, pts []orb.Point, d time.Duration) (result, error) {
	c := newClient(m.conns)
	var done atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	cpu0 := processCPU()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := range m.conns {
		wg.Go(func() {
			var mine []time.Duration
			for i := w * 7919; time.Now().Before(deadline); i++ {
				t := time.Now()
				var n int
				var err error
				switch m.kind {
				case "get":
					_, err = getOne(c, url, pts[i%len(pts)])
					n = 1
				case "batch":
					lo := (i * m.batch) % len(pts)
					sub := pts[lo:min(lo+m.batch, len(pts))]
					_, err = postBatch(c, url, sub)
					n = len(sub)
				default:
					_, n, err = stream(c, url, pts)
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
				done.Add(int64(n))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	r := result{points: int(done.Load()), elapsed: time.Since(start), cpu: processCPU() - cpu0}
	if firstErr != nil {
		return r, firstErr
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond)
	}
	return r, nil
}

// processCPU is the process's user+system time from /proc/self/stat (0
// where there is no /proc).
func processCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * (time.Second / 100) // USER_HZ is 100 on Linux
}
