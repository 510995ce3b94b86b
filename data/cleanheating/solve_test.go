package cleanheating

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo"
)

// wantTable is the recovered table written out by hand: county, then total
// and the four categories as "area/households", "-" for a blank category.
var wantTable = []string{
	"尧都区 127.18/11158 0.26/8 51.44/4527 75.48/6623 -",
	"襄汾县 244.86/25168 - 31.82/3181 213.04/21987 -",
	"洪洞县 582.62/50229 225.71/18976 118.61/9219 238.3/22034 -",
	"侯马市 119.32/11942 107/10913 12.32/1029 - -",
	"曲沃县 363.74/28455 51.77/3131 14.24/1223 297.73/24101 -",
	"翼城县 235.4/20372 46.76/4173 50.64/4157 138/12042 -",
	"霍州市 20.92/2092 3.94/394 6.03/603 10.95/1095 -",
	"乡宁县 29.33/3102 - 9.17/739 0.26/20 19.9/2343",
	"蒲县 36.35/3620 - - - 36.35/3620",
	"古县 26.46/2116 21.02/1647 5.44/469 - -",
	"浮山县 1.3/210 1.3/210 - - -",
	"吉县 17.5/1900 14/1400 - - 3.5/500",
	"大宁县 2.02/136 2.02/136 - - -",
	"隰县 27.63/2923 15/1623 - - 12.63/1300",
	"汾西县 1.3/108 1.3/108 - - -",
	"永和县 5.2/340 4.7/290 - 0.5/50 -",
	"安泽县 16.8/1004 16.8/1004 - - -",
	"合计 1857.93/164875 511.58/44013 299.71/25147 974.26/87952 72.38/7763",
}

func cellText(c Cell) string {
	if c.Area == nil && c.Households == nil {
		return "-"
	}
	a, h := "?", "?"
	if c.Area != nil {
		a = fmtHundredths(int64(*c.Area))
	}
	if c.Households != nil {
		h = fmt.Sprint(*c.Households)
	}
	return a + "/" + h
}

func rowText(r Row) string {
	parts := []string{r.County, cellText(r.Total)}
	for _, c := range r.Categories() {
		parts = append(parts, cellText(*c))
	}
	return strings.Join(parts, " ")
}

// TestRecoverGazette checks the recovered table cell by cell, and then,
// independently of the solver, every row sum and every column sum.
func TestRecoverGazette(t *testing.T) {
	t.Parallel()
	tab, err := Recover(Attachment())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tab.Rows {
		got = append(got, rowText(r))
	}
	got = append(got, rowText(tab.Total))
	if !reflect.DeepEqual(got, wantTable) {
		t.Errorf("recovered table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantTable, "\n"))
	}
	if len(tab.Ambiguous) != 0 {
		t.Errorf("ambiguous cells: %+v", tab.Ambiguous)
	}
	val := func(a *Area) int64 {
		if a == nil {
			return 0
		}
		return int64(*a)
	}
	hh := func(h *int64) int64 {
		if h == nil {
			return 0
		}
		return *h
	}
	var colArea [5]int64
	var colHH [5]int64
	for _, r := range tab.Rows {
		var a, h int64
		for k, c := range r.Categories() {
			a += val(c.Area)
			h += hh(c.Households)
			colArea[k+1] += val(c.Area)
			colHH[k+1] += hh(c.Households)
		}
		if a != val(r.Total.Area) || h != hh(r.Total.Households) {
			t.Errorf("%s: categories sum to %d/%d (hundredths/households), total %d/%d", r.County, a, h, val(r.Total.Area), hh(r.Total.Households))
		}
		colArea[0] += val(r.Total.Area)
		colHH[0] += hh(r.Total.Households)
	}
	cells := append([]*Cell{&tab.Total.Total}, func() []*Cell { c := tab.Total.Categories(); return c[:] }()...)
	for k, c := range cells {
		if colArea[k] != val(c.Area) || colHH[k] != hh(c.Households) {
			t.Errorf("column %d: rows sum to %d/%d, 合计 row says %d/%d", k, colArea[k], colHH[k], val(c.Area), hh(c.Households))
		}
	}
	// The 合计 row as the plan's text states it (二、目标任务).
	if colArea[0] != 185793 || colHH[0] != 164875 {
		t.Errorf("grand total %d/%d, the plan says 1857.93 万㎡ and 16.49 万户", colArea[0], colHH[0])
	}
}

// TestAdcodesMatchDemo checks the adcode table against the demo region's
// counties layer: the same 17 ids and names.
func TestAdcodesMatchDemo(t *testing.T) {
	t.Parallel()
	_, zones := demo.Region()
	demoNames := map[string]string{}
	for _, z := range zones {
		if z.Layer == demo.LayerCounties && z.Kind == geo.KindAdmin {
			demoNames[z.ID] = z.Name
		}
	}
	codes := Adcodes()
	if len(codes) != len(demoNames) {
		t.Errorf("%d adcodes, the demo has %d counties", len(codes), len(demoNames))
	}
	for name, code := range codes {
		if demoNames[code] != name {
			t.Errorf("adcode %s: table says %s, demo says %q", code, name, demoNames[code])
		}
	}
	tab, err := Recovered()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rows {
		if demoNames[r.Adcode] != r.County {
			t.Errorf("row %s has adcode %s, the demo's %q", r.County, r.Adcode, demoNames[r.Adcode])
		}
	}
}

// synth builds a transcribed row from printed numbers.
func synth(t *testing.T, county string, nums ...string) TranscribedRow {
	t.Helper()
	r := TranscribedRow{County: county}
	for _, s := range nums {
		n, err := ParseNumber(s)
		if err != nil {
			t.Fatal(err)
		}
		r.Values = append(r.Values, n)
	}
	return r
}

func TestSolveSynthetic(t *testing.T) {
	t.Parallel()
	C := func(cs ...Column) []Column { return cs }
	t.Run("unique", func(t *testing.T) {
		// Row B's 2.00/20 could be any category by its own sums; the
		// column sums put it under coal-to-gas.
		total := synth(t, "合计", "6.00", "60", "1.00", "10", "3.00", "30", "2.00", "20", "0.00", "0")
		rows := []TranscribedRow{
			synth(t, "A", "4.00", "40", "1.00", "10", "3.00", "30"),
			synth(t, "B", "2.00", "20", "2.00", "20"),
		}
		sol, err := Solve(total, rows)
		if err != nil {
			t.Fatal(err)
		}
		if sol.Count != 1 {
			t.Fatalf("%d solutions, want 1", sol.Count)
		}
		want := []Placement{
			{CentralHeatingArea, CentralHeatingHouseholds, CoalToElectricArea, CoalToElectricHouseholds},
			{CoalToGasArea, CoalToGasHouseholds},
		}
		if !reflect.DeepEqual(sol.Placements, want) {
			t.Errorf("placements %v, want %v", sol.Placements, want)
		}
	})
	t.Run("ambiguous", func(t *testing.T) {
		// Two rows of 1.00/10 and a column sum of 1.00/10 in both
		// central heating and other: either row can take either.
		total := synth(t, "合计", "2.00", "20", "1.00", "10", "0", "0", "0", "0", "1.00", "10")
		rows := []TranscribedRow{
			synth(t, "A", "1.00", "10", "1.00", "10"),
			synth(t, "B", "1.00", "10", "1.00", "10"),
		}
		sol, err := Solve(total, rows)
		if err != nil {
			t.Fatal(err)
		}
		if sol.Count != 2 {
			t.Fatalf("%d solutions, want 2", sol.Count)
		}
		wantCands := [][][]Column{
			{C(CentralHeatingArea, OtherArea), C(CentralHeatingHouseholds, OtherHouseholds)},
			{C(CentralHeatingArea, OtherArea), C(CentralHeatingHouseholds, OtherHouseholds)},
		}
		if !reflect.DeepEqual(sol.Candidates, wantCands) {
			t.Errorf("candidates %v, want %v", sol.Candidates, wantCands)
		}
		want := []Placement{{CentralHeatingArea, CentralHeatingHouseholds}, {OtherArea, OtherHouseholds}}
		if !reflect.DeepEqual(sol.Placements, want) {
			t.Errorf("first solution %v, want %v", sol.Placements, want)
		}
	})
	t.Run("decimal is not households", func(t *testing.T) {
		r := synth(t, "A", "5.50", "5", "5.50", "5")
		for _, p := range RowPlacements(r) {
			if p[0].Households() || !p[1].Households() {
				t.Errorf("placement %v puts the area among households", p)
			}
		}
	})
	t.Run("no solution", func(t *testing.T) {
		total := synth(t, "合计", "2.00", "20", "1.50", "10", "0", "0", "0", "0", "0.50", "10")
		rows := []TranscribedRow{
			synth(t, "A", "1.00", "10", "1.00", "10"),
			synth(t, "B", "1.00", "10", "1.00", "10"),
		}
		if _, err := Solve(total, rows); !errors.Is(err, ErrNoSolution) {
			t.Errorf("err %v, want ErrNoSolution", err)
		}
	})
	t.Run("totals disagree", func(t *testing.T) {
		total := synth(t, "合计", "3.00", "20", "3.00", "20", "0", "0", "0", "0", "0", "0")
		rows := []TranscribedRow{synth(t, "A", "1.00", "10", "1.00", "10"), synth(t, "B", "1.00", "10", "1.00", "10")}
		if _, err := Solve(total, rows); !errors.Is(err, ErrNoSolution) || !strings.Contains(err.Error(), "add up to 2 and 20") {
			t.Errorf("err %v", err)
		}
	})
}

// TestParseAttachmentErrors checks the transcription checks.
func TestParseAttachmentErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"", "no 合计 row"},
		{"合计 2. 00 20 1 甲县 2. 00 20 2. 00 20 3 乙县 1 1", "no serial number 2"},
		{"合计 2. 00 20 1 甲县 2. 00 20 2. 00 20 2 乙县 1 1 1 1 1 1 1 1 1 1 1", "has 11 numbers"},
		{"合计 2. 000 20 1 甲县 2 2", "at most two decimals"},
	} {
		if _, _, err := ParseAttachment(c.text); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %v, want %q", c.text, err, c.want)
		}
	}
}

// FuzzRecover feeds arbitrary text to the parser and solver: errors are
// fine, panics and unbounded work are not.
func FuzzRecover(f *testing.F) {
	f.Add(Attachment())
	f.Add("合计 2. 00 20 1. 00 10 0 0 0 0 1. 00 10 1 甲县 1. 00 10 1. 00 10 2 乙县 1. 00 10 1. 00 10")
	f.Fuzz(func(t *testing.T, text string) {
		total, rows, err := ParseAttachment(text)
		if err != nil || len(rows) > 40 {
			return
		}
		_, _ = Solve(total, rows)
	})
}
