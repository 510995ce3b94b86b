package main

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// table aligns tab-separated columns like text/tabwriter, but measures
// cells in terminal columns: East Asian wide and fullwidth characters
// (尧都区) take two, so tables with Chinese names line up, which tabwriter
// (one column per rune) cannot do. Write lines of cells each terminated
// by a tab, then Flush. Text after a line's last tab is not a cell and is
// written as is. Columns are separated by two spaces.
type table struct {
	w          io.Writer
	alignRight bool
	buf        bytes.Buffer
}

// newTable returns a table writing to w; alignRight right-aligns every
// cell (for numbers), else cells are left-aligned.
func newTable(w io.Writer, alignRight bool) *table {
	return &table{w: w, alignRight: alignRight}
}

// Write buffers p until Flush.
func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes the buffered lines, aligned, and empties the buffer.
func (t *table) Flush() error {
	const padding = 2
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	rows := make([][]string, len(lines))
	var widths []int
	for i, l := range lines {
		rows[i] = strings.Split(l, "\t")
		for c, cell := range rows[i][:len(rows[i])-1] {
			if c == len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], displayWidth(cell))
		}
	}
	var out strings.Builder
	for _, cells := range rows {
		for c, cell := range cells[:len(cells)-1] {
			pad := strings.Repeat(" ", widths[c]+padding-displayWidth(cell))
			if t.alignRight {
				out.WriteString(pad + cell)
			} else {
				out.WriteString(cell + pad)
			}
		}
		out.WriteString(cells[len(cells)-1])
		out.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}

// displayWidth is the number of terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
