package cleanheating

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/zonegate/zonegate/data/export"
)

// attachmentText is the transcription of the attachment as printed in the
// gazette (lines 3084–3228 of linfen-gazette-2020-04.txt), unedited.
//
//go:embed attachment.txt
var attachmentText string

// recoveredJSON is Recover(attachmentText) as committed; TestRecovered
// re-derives it and compares (go test -run TestRecovered -update rewrites it).
//
//go:embed recovered.json
var recoveredJSON []byte

// Attachment returns the transcribed text of the attachment.
func Attachment() string { return attachmentText }

// Recovered returns the committed recovered table, the one the server
// serves.
func Recovered() (Table, error) {
	var t Table
	dec := json.NewDecoder(bytes.NewReader(recoveredJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Table{}, fmt.Errorf("clean-heating table (recovered.json): %w", err)
	}
	return t, nil
}

// Area is an area in 万㎡ (10,000 m²), held exactly in hundredths as the
// gazette prints it. It is a JSON number ("127.18").
type Area int64

// MarshalJSON writes the area as a decimal number without trailing zeros.
func (a Area) MarshalJSON() ([]byte, error) { return []byte(fmtHundredths(int64(a))), nil }

// UnmarshalJSON reads a decimal number with at most two decimals.
func (a *Area) UnmarshalJSON(b []byte) error {
	n, err := ParseNumber(string(b))
	if err != nil {
		return fmt.Errorf("area: %w", err)
	}
	*a = Area(n.Hundredths)
	return nil
}

// Cell is an area and a household count; nil where the gazette leaves the
// cell blank (sums count a blank as 0).
type Cell struct {
	Area       *Area  `json:"area_10k_m2"`
	Households *int64 `json:"households"`
}

// Row is one county's line of the table (or the 合计 line, whose adcode
// is Linfen's, 141000).
type Row struct {
	County         string `json:"county"`
	Adcode         string `json:"adcode"`
	Total          Cell   `json:"total"`
	CentralHeating Cell   `json:"central_heating"`
	CoalToElectric Cell   `json:"coal_to_electric"`
	CoalToGas      Cell   `json:"coal_to_gas"`
	Other          Cell   `json:"other"`
}

// Categories returns pointers to the row's four category cells in column
// order.
func (r *Row) Categories() [NumColumns / 2]*Cell {
	return [NumColumns / 2]*Cell{&r.CentralHeating, &r.CoalToElectric, &r.CoalToGas, &r.Other}
}

// Source cites where the table comes from.
type Source struct {
	DocumentNumber string `json:"document_number"` // 文号
	Issuer         string `json:"issuer"`
	Issued         string `json:"issued"` // YYYY-MM-DD
	Title          string `json:"title"`
	Attachment     string `json:"attachment"`
	Clause         string `json:"clause"`
	PublishedIn    string `json:"published_in"`
	Units          string `json:"units"`
	BlankCells     string `json:"blank_cells"`
	Recovery       string `json:"recovery"`
}

// Ambiguity is a value whose column the sums do not decide: Column is the
// one the table shows it in, Candidates every column some solution uses.
type Ambiguity struct {
	County     string   `json:"county"`
	Column     string   `json:"column"`
	Candidates []string `json:"candidates"`
	Note       string   `json:"note"`
}

// Table is the recovered attachment: its source, the county rows in
// printed order, the 合计 row and the values whose column stays ambiguous
// (none for this gazette).
type Table struct {
	Source    Source      `json:"source"`
	Rows      []Row       `json:"rows"`
	Total     Row         `json:"total"`
	Ambiguous []Ambiguity `json:"ambiguous"`
}

// LinfenAdcode is the adcode of Linfen city, used for the 合计 row.
const LinfenAdcode = "141000"

// Adcodes maps the county names as the gazette prints them (layout spaces
// removed) to their administrative division codes (GB/T 2260), the ids of
// the demo's counties layer.
func Adcodes() map[string]string {
	return map[string]string{
		"尧都区": "141002", "曲沃县": "141021", "翼城县": "141022", "襄汾县": "141023",
		"洪洞县": "141024", "古县": "141025", "安泽县": "141026", "浮山县": "141027",
		"吉县": "141028", "乡宁县": "141029", "大宁县": "141030", "隰县": "141031",
		"永和县": "141032", "蒲县": "141033", "汾西县": "141034", "侯马市": "141081",
		"霍州市": "141082",
	}
}

// DefaultSource is the citation of the gazette's table.
func DefaultSource() Source {
	return Source{
		DocumentNumber: "临政办发〔2020〕22号",
		Issuer:         "临汾市人民政府办公室",
		Issued:         "2020-04-24",
		Title:          "临汾市打赢蓝天保卫战2020年冬季清洁取暖工作实施方案",
		Attachment:     "临汾市打赢蓝天保卫战2020年冬季清洁取暖改造任务分解表",
		Clause: "临政办发〔2020〕22号《临汾市打赢蓝天保卫战2020年冬季清洁取暖工作实施方案》二、目标任务" +
			"（“具体数据见附件”）及附件《临汾市打赢蓝天保卫战2020年冬季清洁取暖改造任务分解表》",
		PublishedIn: "《临汾市人民政府公报》2020年第4期",
		Units:       "area_10k_m2: 面积（万㎡）, 10,000 m²; households: 户数（户）",
		BlankCells:  "null: the gazette leaves the cell blank (空白); sums count it as 0 / 原表空白，合计时按 0 计",
		Recovery: "The transcription loses the column of blank cells; each value is placed so that every row sums to its " +
			"total and every column to the 合计 row; values the sums leave open are listed under ambiguous / " +
			"转录文本丢失空白单元格所在列，按行合计与列合计恢复，无法唯一确定的数值列于 ambiguous",
	}
}

// Recover parses the transcribed attachment, solves the columns of its
// values and returns the table with adcodes attached. A county name without
// an adcode is an error.
func Recover(text string) (Table, error) {
	total, rows, err := ParseAttachment(text)
	if err != nil {
		return Table{}, fmt.Errorf("clean-heating attachment: %w", err)
	}
	sol, err := Solve(total, rows)
	if err != nil {
		return Table{}, fmt.Errorf("clean-heating attachment: %w", err)
	}
	codes := Adcodes()
	t := Table{Source: DefaultSource(), Ambiguous: []Ambiguity{}}
	full := make(Placement, NumColumns)
	for c := range full {
		full[c] = Column(c)
	}
	t.Total = makeRow(total, LinfenAdcode, full)
	for i, r := range rows {
		code, ok := codes[r.County]
		if !ok {
			return Table{}, fmt.Errorf("clean-heating attachment: row %d: no adcode for county %q", r.Serial, r.County)
		}
		t.Rows = append(t.Rows, makeRow(r, code, sol.Placements[i]))
		for k, cands := range sol.Candidates[i] {
			if len(cands) < 2 {
				continue
			}
			names := make([]string, len(cands))
			for j, c := range cands {
				names[j] = c.String()
			}
			v := r.Values[2+k].Text
			t.Ambiguous = append(t.Ambiguous, Ambiguity{
				County: r.County, Column: sol.Placements[i][k].String(), Candidates: names,
				Note: fmt.Sprintf("数值 %s 可位于 %s 任一列，表中按第一个解列出 / value %s fits any of %s; shown as in the first solution",
					v, strings.Join(names, "、"), v, strings.Join(names, ", ")),
			})
		}
	}
	return t, nil
}

func makeRow(r TranscribedRow, adcode string, p Placement) Row {
	out := Row{County: r.County, Adcode: adcode}
	setCell(&out.Total, false, r.Values[0])
	setCell(&out.Total, true, r.Values[1])
	cats := out.Categories()
	for k, c := range p {
		setCell(cats[c/2], c.Households(), r.Values[2+k])
	}
	return out
}

func setCell(cell *Cell, households bool, n Number) {
	if households {
		h := n.Hundredths / 100
		cell.Households = &h
		return
	}
	a := Area(n.Hundredths)
	cell.Area = &a
}

// CSVHeader is the first line of Records.
var CSVHeader = []string{"county", "adcode",
	"total_area_10k_m2", "total_households",
	"central_heating_area_10k_m2", "central_heating_households",
	"coal_to_electric_area_10k_m2", "coal_to_electric_households",
	"coal_to_gas_area_10k_m2", "coal_to_gas_households",
	"other_area_10k_m2", "other_households"}

// Records returns the table as CSV records: CSVHeader, the county rows,
// then the 合计 row; blank cells are empty fields.
func (t Table) Records() [][]string {
	out := [][]string{CSVHeader}
	for _, r := range append(append([]Row(nil), t.Rows...), t.Total) {
		rec := []string{r.County, r.Adcode}
		cats := r.Categories()
		for _, c := range append([]*Cell{&r.Total}, cats[:]...) {
			a, h := "", ""
			if c.Area != nil {
				a = fmtHundredths(int64(*c.Area))
			}
			if c.Households != nil {
				h = strconv.FormatInt(*c.Households, 10)
			}
			rec = append(rec, a, h)
		}
		out = append(out, rec)
	}
	return out
}

// WriteCSV writes Records as CSV after a UTF-8 byte order mark, so
// spreadsheet programs read the Chinese names. Fields starting with = + -
// @ tab or CR get a leading apostrophe (export.SpreadsheetSafe), so no
// field is run as a formula.
func (t Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("clean-heating CSV: %w", err)
	}
	cw := csv.NewWriter(w)
	for _, rec := range t.Records() {
		for i, f := range rec {
			rec[i] = export.SpreadsheetSafe(f)
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("clean-heating CSV: %w", err)
	}
	return nil
}
