package apitest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Seed returns the property tests' seed: $SEED, or a fixed default.
func Seed(t testing.TB) uint64 {
	s := uint64(20200515)
	if v := os.Getenv("SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", v, err)
		}
		s = n
	}
	t.Logf("seed %d (override with SEED=...)", s)
	return s
}

// Ogrinfo runs GDAL's ogrinfo (bin) with a bounded HTTP timeout and
// returns its combined output.
func Ogrinfo(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=20", "GDAL_HTTP_MAX_RETRY=0", "CPL_DEBUG=OFF")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
