package ogc_test

import (
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

// GDAL's OAPIF driver, a real OGC API – Features client, lists every demo
// layer, counts the coal-ban zones and reads every county through the next
// links (GDAL pages with limit=10, the demo has 17).
func TestOGCReadByGDAL(t *testing.T) {
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (Debian gdal-bin); skipping the GDAL OAPIF client check")
	}
	ts := apitest.New(t)
	src := "OAPIF:" + ts.URL

	out := apitest.Ogrinfo(t, bin, "-ro", "-so", src)
	listed := regexp.MustCompile(`(?m)^\d+: (\S+) \(title: .*\) \((.+)\)$`).FindAllStringSubmatch(out, -1)
	var got []string
	for _, m := range listed {
		got = append(got, m[1])
	}
	layers, zones := demo.Region()
	var want []string
	for _, l := range layers {
		want = append(want, l.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("ogrinfo lists %v, want %v\n%s", got, want, out)
	}

	out = apitest.Ogrinfo(t, bin, "-ro", "-al", "-so", src, "coal_ban")
	for _, line := range []string{"Layer name: coal_ban", "Geometry: Polygon", "Feature Count: 17", "valid_from: DateTime (0.0)"} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("ogrinfo -so coal_ban lacks %q:\n%s", line, out)
		}
	}

	out = apitest.Ogrinfo(t, bin, "-ro", "-al", "-q", src, "counties")
	ids := regexp.MustCompile(`(?m)^\s+id \(String\) = (\S+)$`).FindAllStringSubmatch(out, -1)
	var gotIDs, wantIDs []string
	for _, m := range ids {
		gotIDs = append(gotIDs, m[1])
	}
	for _, z := range zones {
		if z.Layer == "counties" {
			wantIDs = append(wantIDs, z.ID)
		}
	}
	slices.Sort(wantIDs)
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("ogrinfo read counties %v, want %v", gotIDs, wantIDs)
	}
}
