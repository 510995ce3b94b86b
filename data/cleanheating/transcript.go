package cleanheating

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Number is one printed number of the table: its text as printed (spaces
// removed) and its value in hundredths, exact.
type Number struct {
	Text       string
	Hundredths int64
}

// Integer reports whether the number was printed without a decimal point,
// as household counts are.
func (n Number) Integer() bool { return !strings.Contains(n.Text, ".") }

// ParseNumber reads a non-negative decimal with at most two decimals, as
// the gazette prints them ("1857.93", "238.3", "11158").
func ParseNumber(s string) (Number, error) {
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || (dot && frac == "") || !digits(whole) || !digits(frac) {
		return Number{}, fmt.Errorf("%q is not a number with at most two decimals", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return Number{}, fmt.Errorf("number %q: %w", s, err)
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64) // digits checked
		if len(frac) == 1 {
			f *= 10
		}
	}
	return Number{Text: s, Hundredths: w*100 + f}, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// TranscribedRow is one row of the table as the transcription gives it:
// the serial number (0 for the 合计 row), the county name with layout
// spaces removed, and the printed numbers in reading order. The first two
// are the row's total area and households; the rest belong to the eight
// category columns, but blank cells left no trace, so which column each
// belongs to is not known.
type TranscribedRow struct {
	Serial int
	County string
	Values []Number
}

// TotalLabel is the label of the table's sum row.
const TotalLabel = "合计"

// maxValues is the number of value columns: the total pair and four
// category pairs.
const maxValues = 2 + NumColumns

// ParseAttachment reads the transcribed text of the attachment: the
// header (repeated at page breaks) is skipped, numbers split by layout
// ("1857. 93") are joined, and each row is a label of Han characters (the
// county name, whose characters may be spaced "蒲　 县") preceded by its
// serial number and followed by its numbers. Text before the 合计 row,
// which the gazette prints first, is title and header. It returns the 合计 row and
// the county rows in printed order, and checks that serials run 1, 2, …
// and that every row has its two totals and at most ten numbers.
func ParseAttachment(text string) (total TranscribedRow, rows []TranscribedRow, err error) {
	toks := tokens(text)
	// Group the tokens into runs: a label (consecutive Han-only tokens)
	// followed by the numbers up to the next Han-only token.
	type run struct {
		label string
		nums  []Number
	}
	var runs []run
	cur := -1
	prevHan := false
	for _, tok := range toks {
		if hanOnly(tok) {
			if prevHan && cur >= 0 && len(runs[cur].nums) == 0 {
				runs[cur].label += tok
			} else {
				runs = append(runs, run{label: tok})
				cur = len(runs) - 1
			}
			prevHan = true
			continue
		}
		prevHan = false
		if cur < 0 || !startsDigit(tok) {
			// Header text such as "(万㎡)"; it ends any row.
			if cur >= 0 && len(runs[cur].nums) > 0 {
				cur = -1
			}
			continue
		}
		n, err := ParseNumber(tok)
		if err != nil {
			return total, nil, fmt.Errorf("row %s: %w", runs[cur].label, err)
		}
		runs[cur].nums = append(runs[cur].nums, n)
	}
	// Keep the runs that hold numbers. The serial of a county row is the
	// last number before its label: the end of the previous row, or a run
	// of its own after a repeated page header.
	seenTotal := false
	carried := false // the previous run was a page header carrying the serial
	for _, r := range runs {
		if len(r.nums) == 0 {
			continue
		}
		serial := len(rows) + 1
		switch {
		case !seenTotal && r.label != TotalLabel:
			continue // the title ("…战 2020 年…") and header before the 合计 row
		case r.label == TotalLabel:
			if seenTotal || len(rows) > 0 {
				return total, nil, fmt.Errorf("a %s row after the first row", TotalLabel)
			}
			seenTotal = true
			total = TranscribedRow{County: r.label, Values: r.nums}
			continue
		case len(r.nums) == 1 && r.nums[0].Text == strconv.Itoa(serial) && !carried:
			carried = true
			continue
		}
		if !carried {
			prev := &total
			if len(rows) > 0 {
				prev = &rows[len(rows)-1]
			}
			if !seenTotal || len(prev.Values) == 0 || prev.Values[len(prev.Values)-1].Text != strconv.Itoa(serial) {
				return total, nil, fmt.Errorf("row %s: no serial number %d before it", r.label, serial)
			}
			prev.Values = prev.Values[:len(prev.Values)-1]
		}
		carried = false
		rows = append(rows, TranscribedRow{Serial: serial, County: r.label, Values: r.nums})
	}
	if !seenTotal {
		return total, nil, fmt.Errorf("no %s row", TotalLabel)
	}
	for _, r := range append([]TranscribedRow{total}, rows...) {
		if len(r.Values) < 2 || len(r.Values) > maxValues {
			return total, nil, fmt.Errorf("row %s has %d numbers; want 2 to %d", r.County, len(r.Values), maxValues)
		}
	}
	return total, rows, nil
}

// tokens splits the text at white space (any Unicode space), after
// joining numbers split after their decimal point ("1857. 93").
func tokens(text string) []string {
	fields := strings.FieldsFunc(text, unicode.IsSpace)
	var out []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.HasSuffix(f, ".") && startsDigit(f) && i+1 < len(fields) && digits(fields[i+1]) {
			f += fields[i+1]
			i++
		}
		out = append(out, f)
	}
	return out
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func hanOnly(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}
