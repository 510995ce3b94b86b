package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// zonegateServeFlags are the limits switched off for the benchmark, each
// printed in the output: the per-caller request rate limits would refuse
// a benchmark with 429 long before the server is busy.
var zonegateServeFlags = []string{"--rate", "anonymous=off", "--rate", "inspector=off", "--tile-cache-mb", "-1"}

// buildZonegate builds ./cmd/zonegate of the module the harness sits in
// (found with `go env GOMOD`) into dir and returns the binary's path.
func buildZonegate(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the zonegate module (go env GOMOD is %q): run from the repository or pass --zonegate PATH", gomod)
	}
	bin := filepath.Join(dir, "zonegate")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/zonegate")
	cmd.Dir = filepath.Dir(gomod)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/zonegate: %w\n%s", err, b)
	}
	return bin, nil
}

// zonegateRun runs one zonegate CLI command and returns its stdout and
// stderr; a failure's error holds the stderr.
func zonegateRun(ctx context.Context, bin string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("zonegate %s: %w\n%s", strings.Join(args[:min(len(args), 2)], " "), err, errOut.String())
	}
	return out.String(), errOut.String(), nil
}

// zonegateServer is the real zonegate serving the polygons: imported with
// `zonegate import` into a fresh SQLite store as the coal_ban layer
// "bench", an inspector token made with `zonegate token create` for the
// coal-truck checks, then `zonegate serve` as a child process.
type zonegateServer struct {
	*child
	token string // Bearer secret with role inspector
	// How to start it again (restart): the binary, its serve arguments,
	// the address they name and the directory for its log.
	bin    string
	args   []string
	listen string
	dir    string
}

// startZonegate imports geojson into a store in dir and starts the server.
func startZonegate(ctx context.Context, bin, dir, geojson string) (*zonegateServer, error) {
	store := filepath.Join(dir, "zonegate.db")
	// No size limits: the peers take any polygon, so zonegate must too.
	if _, _, err := zonegateRun(ctx, bin, "import", "--store", store, "--layer", benchLayer, "--kind", "coal_ban",
		"--title", "benchmark polygons", "--max-vertices", "-1", "--max-parts", "-1", geojson); err != nil {
		return nil, err
	}
	secret, _, err := zonegateRun(ctx, bin, "token", "create", "--store", store, "--role", "inspector", "--name", "zonegate-bench")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	zs := &zonegateServer{token: strings.TrimSpace(secret), bin: bin, dir: dir, listen: addr,
		args: append([]string{"serve", "--store", store, "--addr", addr}, zonegateServeFlags...)}
	if _, err := zs.start(ctx); err != nil {
		return nil, err
	}
	return zs, nil
}

// start runs zonegate serve and waits for /readyz (zones loaded and
// indexed, their tile data derived); it returns how long that took.
func (zs *zonegateServer) start(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	c, err := startChild("zonegate", zs.dir, zs.listen, zs.bin, zs.args...)
	if err != nil {
		return 0, err
	}
	if err := c.waitReady(ctx, 2*time.Minute, httpReady("http://"+c.addr+"/readyz")); err != nil {
		c.stop()
		return 0, err
	}
	zs.child = c
	return time.Since(t0), nil
}

// restart stops zonegate and starts it again on the same store and
// address: a process with nothing warm. Servers made from the earlier
// child (their CPU readers) must not be used after it.
func (zs *zonegateServer) restart(ctx context.Context) (time.Duration, error) {
	zs.stop()
	return zs.start(ctx)
}

// httpReady is a readiness probe: GET url answers 200.
func httpReady(url string) func() error {
	cl := &http.Client{Timeout: time.Second}
	return func() error {
		resp, err := cl.Get(url)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return nil
	}
}

// startFloor runs the harness itself (self) as "serve-floor".
func startFloor(ctx context.Context, self, dir, geojson string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	c, err := startChild("floor", dir, addr, self, "serve-floor", "--polygons", geojson, "--addr", addr,
		"--check-log", filepath.Join(dir, "floor-checks.log"))
	if err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx, time.Minute, httpReady("http://"+addr+"/healthz")); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}
