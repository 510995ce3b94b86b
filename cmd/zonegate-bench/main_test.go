package main

import (
	"strings"
	"testing"
)

// TestHarnessSmoke runs every server and mode briefly on the demo
// counties: the hit totals agree and every mode prints a row per server.
func TestHarnessSmoke(t *testing.T) {
	t.Setenv("ZONEGATE_LINFEN", "")
	var out strings.Builder
	if err := run([]string{"--duration", "100ms", "--points", "3000"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{"hit totals agree: ", "Tile38 column skipped: pass --tile38 PATH",
		"NDJSON stream, 1 conn        zonegate", "32 conns, 1 lookup/request   floor"} {
		if !strings.Contains(s, want) {
			t.Fatalf("output lacks %q:\n%s", want, s)
		}
	}
}
