package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

// streamLines posts body to the stream endpoint and returns the answer's
// lines.
func streamLines(t *testing.T, ts *apitest.Server, query, body string) []string {
	t.Helper()
	resp, b := ts.Send(t, http.MethodPost, "/v1/zones/at/stream"+query, body, "Content-Type", "application/x-ndjson")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("status %d, content type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	if len(b) == 0 {
		return nil
	}
	if b[len(b)-1] != '\n' {
		t.Fatalf("answer does not end in a newline: %q", b)
	}
	return strings.Split(string(b[:len(b)-1]), "\n")
}

// batchResults posts the points to POST /v1/zones/at and returns each
// result as compact JSON.
func batchResults(t *testing.T, ts *apitest.Server, pts []orb.Point, layers string) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"points": pts, "layers": strings.Split(layers, ",")})
	if layers == "" {
		body, _ = json.Marshal(map[string]any{"points": pts})
	}
	resp, b := ts.Send(t, http.MethodPost, "/v1/zones/at", string(body), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("batch: status %d: %s", resp.StatusCode, b)
	}
	var out struct{ Results []json.RawMessage }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	res := make([]string, len(out.Results))
	for i, r := range out.Results {
		res[i] = string(r)
	}
	return res
}

// boundaryPoints are the demo counties' vertices (shared between
// neighbouring counties) and edge midpoints.
func boundaryPoints() []orb.Point {
	_, zones := demo.Region()
	var pts []orb.Point
	for _, z := range zones {
		if z.Layer != demo.LayerCounties {
			continue
		}
		poly, _ := z.Geometry.(orb.Polygon)
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i += 7 {
				pts = append(pts, ring[i], orb.Point{(ring[i][0] + ring[i+1][0]) / 2, (ring[i][1] + ring[i+1][1]) / 2})
			}
		}
	}
	return pts
}

func ndjson(pts []orb.Point) string {
	var sb strings.Builder
	for _, p := range pts {
		fmt.Fprintf(&sb, "[%v,%v]\n", p[0], p[1])
	}
	return sb.String()
}

// TestZonesAtStreamMatchesBatch: the stream answers every point exactly as
// the batch endpoint does, boundary points and layer filters included.
func TestZonesAtStreamMatchesBatch(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	edge := boundaryPoints()
	if len(edge) < 200 {
		t.Fatalf("only %d boundary points", len(edge))
	}
	pts := append(randomPoints(11, 3000), edge...)
	for _, layers := range []string{"", "counties", "coal_ban,burn_ban"} {
		query := ""
		if layers != "" {
			query = "?layers=" + layers
		}
		got := streamLines(t, ts, query, ndjson(pts))
		want := batchResults(t, ts, pts, layers)
		if len(got) != len(want) {
			t.Fatalf("layers %q: %d lines, want %d", layers, len(got), len(want))
		}
		hits := 0
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("layers %q, line %d %v: stream %s, batch %s", layers, i+1, pts[i], got[i], want[i])
			}
			hits += strings.Count(want[i], `"layer"`)
		}
		if hits == 0 {
			t.Fatalf("layers %q: no hits at all", layers)
		}
	}
}

// TestZonesAtStreamBadLines: a bad line answers an error naming its line
// and the stream goes on; blank lines are answered too (one answer per
// line); the last line needs no newline.
func TestZonesAtStreamBadLines(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	body := "[111.5186,36.0880]\n" + // Yaodu: counties, coal_ban, burn_ban hits
		"nonsense\n" +
		"\n" +
		"[111.5186]\n" +
		"[200,36]\n" +
		"[1,2] trailing\n" +
		"[01,2]\n" +
		" [ 111.5186 , 36.0880 ] \r\n" +
		"[" + strings.Repeat("1", 5000) + ",2]\n" +
		"[0,0]"
	got := streamLines(t, ts, "", body)
	yaodu := batchResults(t, ts, []orb.Point{{111.5186, 36.0880}}, "")[0]
	bad := `{"error":{"code":"invalid_point","message":"the line must hold one [lon,lat] pair of finite numbers","line":%d}}`
	want := []string{
		yaodu,
		fmt.Sprintf(bad, 2),
		`{"error":{"code":"invalid_point","message":"the line is empty; send one [lon,lat] pair per line","line":3}}`,
		fmt.Sprintf(bad, 4),
		`{"error":{"code":"invalid_point","message":"longitude 200 is outside [-180, 180]","line":5}}`,
		fmt.Sprintf(bad, 6),
		fmt.Sprintf(bad, 7),
		yaodu,
		`{"error":{"code":"line_too_long","message":"a line holds one [lon,lat] pair of at most 4096 bytes","line":9}}`,
		`{"zones":[]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(yaodu, `"layer":"counties"`) {
		t.Fatalf("Yaodu answer %s has no county", yaodu)
	}
}

// TestZonesAtStreamRequestErrors: problems with the request as a whole
// are answered before the stream starts, in the error shape.
func TestZonesAtStreamRequestErrors(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	if got := streamLines(t, ts, "", ""); len(got) != 0 {
		t.Fatalf("empty body: %q, want no lines", got)
	}
	for _, c := range []struct{ query, ct, code string }{
		{"?layers=nope", "application/x-ndjson", "unknown_layer"},
		{"?at=yesterday", "application/x-ndjson", "invalid_time"},
		{"", "text/csv", "unsupported_media_type"},
	} {
		resp, b := ts.Send(t, http.MethodPost, "/v1/zones/at/stream"+c.query, "[111.5,36]\n", "Content-Type", c.ct)
		if resp.StatusCode < 400 || resp.StatusCode > 499 || !strings.Contains(string(b), `"code":"`+c.code+`"`) {
			t.Fatalf("%s %s: status %d %s, want 4xx %s", c.query, c.ct, resp.StatusCode, b, c.code)
		}
	}
}

// TestZonesAtStreamLockstep: over a real connection, each answer arrives
// before the next line is sent, so a client can pipeline without batches.
func TestZonesAtStreamLockstep(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/zones/at/stream", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := ts.Client().Do(req)
		done <- result{resp, err}
	}()
	pts := randomPoints(5, 50)
	if _, err := fmt.Fprintf(pw, "[%v,%v]\n", pts[0][0], pts[0][1]); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	defer res.resp.Body.Close()
	want := batchResults(t, ts, pts, "")
	sc := bufio.NewScanner(res.resp.Body)
	for i := range pts {
		if i > 0 {
			if _, err := fmt.Fprintf(pw, "[%v,%v]\n", pts[i][0], pts[i][1]); err != nil {
				t.Fatal(err)
			}
		}
		if !sc.Scan() {
			t.Fatalf("line %d: no answer: %v", i+1, sc.Err())
		}
		if sc.Text() != want[i] {
			t.Fatalf("line %d: %s, want %s", i+1, sc.Text(), want[i])
		}
	}
	pw.Close()
	if sc.Scan() {
		t.Fatalf("unexpected line after the last: %s", sc.Text())
	}
}

// lineSource generates n NDJSON point lines without holding them, and
// samples the heap every sampleAt lines as it goes (after a collection
// when live is set, so maxHeap is the live heap, not the collector's
// pacing).
type lineSource struct {
	pts      []orb.Point
	n, i     int
	pending  []byte
	maxHeap  uint64
	sampleAt int
	live     bool
}

func (s *lineSource) Read(b []byte) (int, error) {
	for len(s.pending) < len(b) && s.i < s.n {
		if s.i%s.sampleAt == 0 {
			if s.live {
				runtime.GC()
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			s.maxHeap = max(s.maxHeap, ms.HeapAlloc)
		}
		p := s.pts[s.i%len(s.pts)]
		s.pending = append(strconv.AppendFloat(append(s.pending, '['), p[0], 'f', 6, 64), ',')
		s.pending = append(strconv.AppendFloat(s.pending, p[1], 'f', 6, 64), "]\n"...)
		s.i++
	}
	if len(s.pending) == 0 {
		return 0, io.EOF
	}
	n := copy(b, s.pending)
	s.pending = s.pending[:copy(s.pending, s.pending[n:])]
	return n, nil
}

// TestZonesAtStreamMemoryFlat streams 2,000,000 lines through the real
// handler: the live heap, sampled every 100,000 lines, stays within a few
// megabytes of where it started, and the stream allocates far less than
// once per line. (The heap between collections also holds garbage, up to
// the collector's target of twice the live heap, whatever the stream does.)
func TestZonesAtStreamMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 2 M lines")
	}
	ts := apitest.New(t)
	ts.API.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/v1/zones/at?lon=111.5&lat=36", nil))
	const lines = 2_000_000
	src := &lineSource{pts: randomPoints(7, 4096), n: lines, sampleAt: 100_000, live: true}
	streamWithinMemory(t, ts.API, src)
}

// streamWithinMemory streams src through h and fails unless every line is
// answered, the live heap sampled during the stream stays within 16 MB of
// where it started, and the stream allocates far less than once per line.
func streamWithinMemory(t *testing.T, h http.Handler, src *lineSource) {
	t.Helper()
	lines := src.n
	req := httptest.NewRequest(http.MethodPost, "/v1/zones/at/stream", src)
	req.Header.Set("Content-Type", "application/x-ndjson")
	w := &lineCounter{header: http.Header{}}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h.ServeHTTP(w, req)
	runtime.ReadMemStats(&after)
	if w.status != http.StatusOK || w.lines != lines {
		t.Fatalf("status %d, %d lines, want 200 and %d", w.status, w.lines, lines)
	}
	const heapSlack = 16 << 20
	if src.maxHeap > before.HeapAlloc+heapSlack {
		t.Fatalf("heap grew from %d to %d bytes during the stream", before.HeapAlloc, src.maxHeap)
	}
	if perLine := float64(after.Mallocs-before.Mallocs) / float64(lines); perLine > 0.01 {
		t.Fatalf("%.3f allocations per line, want none", perLine)
	}
	t.Logf("heap %d → max %d bytes; %.4f allocations per line", before.HeapAlloc, src.maxHeap,
		float64(after.Mallocs-before.Mallocs)/float64(lines))
}

// lineCounter is a ResponseWriter counting answer lines and dropping them.
type lineCounter struct {
	header http.Header
	status int
	lines  int
}

func (w *lineCounter) Header() http.Header { return w.header }
func (w *lineCounter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
}
func (w *lineCounter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.lines += strings.Count(string(p), "\n")
	return len(p), nil
}

// FuzzZonesAtStream: whatever the body, the answer has one line per input
// line, each a JSON object with zones or an error naming its line.
func FuzzZonesAtStream(f *testing.F) {
	for _, s := range []string{"[111.5,36]\n", "", "\n\n", "[1,2]", "[1e400,2]\n[-0,0]\r\n", "x\n[111.5,36.1]", "[\"1\",2]\n"} {
		f.Add(s)
	}
	ts := apitest.New(f)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/v1/zones/at/stream", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-ndjson")
		rec := httptest.NewRecorder()
		ts.API.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		want := strings.Count(body, "\n")
		if body != "" && !strings.HasSuffix(body, "\n") {
			want++
		}
		out := rec.Body.String()
		if got := strings.Count(out, "\n"); got != want {
			t.Fatalf("%d answer lines for %d input lines: %q", got, want, out)
		}
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if line == "" {
				continue
			}
			var v struct {
				Zones []json.RawMessage
				Error *struct{ Line int }
			}
			if err := json.Unmarshal([]byte(line), &v); err != nil || (v.Error == nil) == (v.Zones == nil) ||
				(v.Error != nil && v.Error.Line != i+1) {
				t.Fatalf("answer line %d %q: %v", i+1, line, err)
			}
		}
	})
}
