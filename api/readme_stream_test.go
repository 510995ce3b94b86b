package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/internal/apitest"
)

// readmeGoStreamClient is the README's Go client of the lookup stream;
// TestREADMEStreamClients checks that the README shows this body
// verbatim (between the markers, one tab less).
func readmeGoStreamClient(base string, points []orb.Point) error {
	// README begin
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		for _, p := range points {
			fmt.Fprintf(bw, "[%g,%g]\n", p[0], p[1])
		}
		pw.CloseWithError(bw.Flush())
	}()
	resp, err := http.Post(base+"/v1/zones/at/stream", "application/x-ndjson", pr)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for i := 0; sc.Scan(); i++ {
		fmt.Println(points[i], sc.Text()) // {"zones":[...]} or {"error":{...,"line":i+1}}
	}
	// README end
	return nil
}

// The stream clients the README gives integrators run as printed: the Go
// one is readmeGoStreamClient, the Python one is run with python3 against
// a live server (skipped without python3), and both print, in order, each
// point with the answer the batch endpoint gives for it.
func TestREADMEStreamClients(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	goBlock := fencedAfter(t, string(readme), "Go client (writes and reads at the same time):", "go")
	self, err := os.ReadFile("readme_stream_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.SplitN(strings.SplitN(string(self), "\t// README begin\n", 2)[1], "\t// README end\n", 2)[0]
	if want := strings.ReplaceAll("\n"+body, "\n\t", "\n")[1:]; goBlock != want {
		t.Fatalf("README's Go client differs from readmeGoStreamClient:\n%s\nwant\n%s", goBlock, want)
	}

	ts := apitest.New(t)
	points := []orb.Point{{111.5186, 36.0880}, {111.0, 36.5}} // the Python client's points
	want := batchResults(t, ts, points, "")
	if !strings.Contains(want[0], `"layer":"coal_ban"`) {
		t.Fatalf("the README's first point is in no coal-ban zone: %s", want[0])
	}

	out := captureStdout(t, func() error { return readmeGoStreamClient(ts.URL, points) })
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(points) {
		t.Fatalf("Go client printed %d lines, want %d:\n%s", len(lines), len(points), out)
	}
	for i, l := range lines {
		if w := fmt.Sprint(points[i]) + " " + want[i]; l != w {
			t.Errorf("Go client line %d:\n%s\nwant\n%s", i+1, l, w)
		}
	}

	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the README's Python client is not run")
	}
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	src := fencedAfter(t, string(readme), "Python client (standard library only;", "python")
	const addr = `HTTPConnection("localhost", 8080)`
	if !strings.Contains(src, addr) {
		t.Fatalf("README's Python client does not connect with %s:\n%s", addr, src)
	}
	src = strings.Replace(src, addr, fmt.Sprintf("HTTPConnection(%q, %s)", u.Hostname(), u.Port()), 1)
	file := filepath.Join(t.TempDir(), "client.py")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pyOut, err := exec.CommandContext(ctx, py, file).CombinedOutput()
	if err != nil {
		t.Fatalf("python3 client: %v\n%s", err, pyOut)
	}
	lines = strings.Split(strings.TrimSuffix(string(pyOut), "\n"), "\n")
	if len(lines) != len(points) {
		t.Fatalf("Python client printed %d lines, want %d:\n%s", len(lines), len(points), pyOut)
	}
	for i, l := range lines {
		// Python prints the tuple and the parsed answer as a dict.
		prefix := fmt.Sprintf("(%s, %s) {'zones': [", pyFloat(points[i][0]), pyFloat(points[i][1]))
		if !strings.HasPrefix(l, prefix) || strings.Count(l, "'layer': ") != strings.Count(want[i], `"layer":`) {
			t.Errorf("Python client line %d:\n%s\nwant it to start with %q and hold the zones of %s", i+1, l, prefix, want[i])
		}
	}
}

// fencedAfter returns the first fenced code block of language lang that
// follows the text marker in doc.
func fencedAfter(t *testing.T, doc, marker, lang string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, marker)
	if !ok {
		t.Fatalf("README has no %q", marker)
	}
	_, rest, ok = strings.Cut(rest, "```"+lang+"\n")
	if !ok {
		t.Fatalf("README has no %s block after %q", lang, marker)
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("README's %s block after %q is not closed", lang, marker)
	}
	return block
}

// pyFloat formats v as Python's repr of a float does for these values.
func pyFloat(v float64) string {
	s := fmt.Sprint(v)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// captureStdout runs fn with os.Stdout going to a pipe and returns what it
// wrote. Tests calling it must not run in parallel.
func captureStdout(t *testing.T, fn func() error) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	ferr := fn()
	os.Stdout = old
	w.Close()
	out := <-done
	r.Close()
	if ferr != nil {
		t.Fatalf("%v\n%s", ferr, out)
	}
	return string(out)
}
