package cleanheating

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite recovered.json from the transcription")

// TestRecovered re-derives the served table from the raw transcription and
// compares it with the committed recovered.json byte for byte.
func TestRecovered(t *testing.T) {
	t.Parallel()
	tab, err := Recover(Attachment())
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(tab, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile("recovered.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, recoveredJSON) {
		t.Fatalf("recovered.json is stale; run go test ./data/cleanheating -run TestRecovered -update\n%s", got)
	}
	served, err := Recovered()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.MarshalIndent(served, "", "  ")
	if !bytes.Equal(append(again, '\n'), got) {
		t.Fatal("recovered.json does not round-trip through Recovered")
	}
}
