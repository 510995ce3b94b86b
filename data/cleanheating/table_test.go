package cleanheating

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
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

// TestWriteCSVDefusesFormulas checks the BOM and that a field that would
// start a formula is prefixed with an apostrophe.
func TestWriteCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	tab := Table{Rows: []Row{{County: "=HYPERLINK(\"x\")", Adcode: "+1"}}, Total: Row{County: "合计", Adcode: "-1"}}
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if !strings.HasPrefix(lines[0], "\uFEFFcounty,adcode,") {
		t.Errorf("header %q", lines[0])
	}
	if lines[1] != `"'=HYPERLINK(""x"")",'+1,,,,,,,,,,` || lines[2] != "合计,'-1,,,,,,,,,," {
		t.Errorf("rows %q", lines[1:3])
	}
}
