package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// wrkScripts is where the README's wrk load scripts live.
const wrkScripts = "../../api/testdata/wrk"

// TestWrkScripts runs each wrk script in api/testdata/wrk as its header
// says: the server started with the "go run ./cmd/zonegate serve …" line
// it gives, wrk with the flags of its "Usage:" line (for one second, with a
// 10 s timeout). Every
// answer must be a 2xx, none a socket error, and the server's request
// counter for the script's route must count at least wrk's requests as
// 200s. (Both scripts once measured only refusals: 429 from the default
// per-address rate limit, and 405 from POSTing to "/".) Skipped without
// wrk (Debian package wrk; .ci/run installs it).
func TestWrkScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo server and runs wrk")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk not installed (Debian: apt-get install wrk)")
	}
	scripts, err := filepath.Glob(filepath.Join(wrkScripts, "*.lua"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no wrk scripts in %s: %v", wrkScripts, err)
	}
	for _, path := range scripts {
		t.Run(filepath.Base(path), func(t *testing.T) {
			h := readWrkHeader(t, path)
			store := filepath.Join(t.TempDir(), "z.db")
			args := append(h.serve, "--store", store, "--addr", "127.0.0.1:0", "--log-level", "warn")
			base, stop := serveInProcess(t, args...)
			defer stop()
			// One second, and a timeout far above wrk's 2 s default: the
			// test asserts answers, not speed, on a machine that may be
			// running every other package's tests.
			wrkArgs := append(h.wrk[:len(h.wrk)-1:len(h.wrk)-1], "--timeout", "10s", base)
			for i, a := range wrkArgs {
				if strings.HasPrefix(a, "-d") {
					wrkArgs[i] = "-d1s"
				}
			}
			cmd := exec.Command(wrk, wrkArgs...)
			cmd.Dir = wrkScripts
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("wrk %s: %v\n%s", strings.Join(wrkArgs, " "), err, out)
			}
			n := wrkRequests(t, string(out))
			for _, bad := range []string{"Non-2xx or 3xx responses", "Socket errors"} {
				if strings.Contains(string(out), bad) {
					t.Errorf("wrk %s: %s\n%s", strings.Join(wrkArgs, " "), bad, out)
				}
			}
			if ok := requestsCounted(t, base, h.method, h.route); ok < n {
				t.Errorf("the server counts %d answers 200 to %s %s, wrk %d requests", ok, h.method, h.route, n)
			}
		})
	}
}

// wrkHeader is what a script's comment header says to run.
type wrkHeader struct {
	serve         []string // zonegate arguments, from "serve"
	wrk           []string // wrk arguments; the last is the base URL
	method, route string   // the request the script sends
}

var wrkRoute = regexp.MustCompile(`^-- wrk script: (GET|POST) (/\S+)`)

func readWrkHeader(t *testing.T, path string) wrkHeader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var h wrkHeader
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := wrkRoute.FindStringSubmatch(line); m != nil {
			h.method, h.route = m[1], m[2]
		}
		if _, rest, ok := strings.Cut(line, "go run ./cmd/zonegate "); ok {
			h.serve = strings.Fields(rest)
		}
		if _, rest, ok := strings.Cut(line, "Usage: wrk "); ok {
			h.wrk = strings.Fields(rest)
		}
	}
	if h.route == "" || len(h.serve) == 0 || h.serve[0] != "serve" || len(h.wrk) < 2 {
		t.Fatalf(`%s: the header must say "-- wrk script: METHOD /path", "go run ./cmd/zonegate serve …" and "Usage: wrk … URL"; got %+v`, path, h)
	}
	return h
}

var wrkRequestsLine = regexp.MustCompile(`(?m)^\s*(\d+) requests in `)

// wrkRequests is the request count of wrk's summary.
func wrkRequests(t *testing.T, out string) int {
	t.Helper()
	m := wrkRequestsLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no request count in wrk's output:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		t.Fatalf("wrk sent no request:\n%s", out)
	}
	return n
}

// requestsCounted reads the server's count of 200 answers to method route
// from /metrics.
func requestsCounted(t *testing.T, base, method, route string) int {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := `zonegate_http_requests_total{code="200",method="` + method + `",route="` + route + `"} `
	for line := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, want); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metrics line %q: %v", line, err)
			}
			return int(n)
		}
	}
	return 0
}
