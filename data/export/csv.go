package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb/encoding/wkt"
)

// utf8BOM makes Excel read the file as UTF-8 (Chinese names intact).
const utf8BOM = "\ufeff"

// WKTColumn is the CSV column holding each zone's geometry as WKT.
const WKTColumn = "WKT"

// WriteCSV writes l as CSV with a UTF-8 byte order mark: a header row,
// then one row per zone with the geometry as WKT (in o.CRS) in the first
// column, named WKT as GDAL's CSV driver expects, and one column per
// attribute (Columns). Text a spreadsheet would run as a formula (starting
// with = + - @ tab or CR) is prefixed with a quote, as the inspection-log
// CSV does; numbers are written as they are.
func WriteCSV(w io.Writer, l Layer, o Options) error {
	o = o.withDefaults()
	bw := bufio.NewWriter(w)
	bw.WriteString(utf8BOM)
	cw := csv.NewWriter(bw)
	cols := Columns(l.Zones)
	row := make([]string, 0, len(cols)+1)
	row = append(row, WKTColumn)
	for _, c := range cols {
		row = append(row, SpreadsheetSafe(c.Name))
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	for _, z := range l.Zones {
		row = row[:0]
		geom := ""
		if z.Geometry != nil {
			geom = wkt.MarshalString(project(z.Geometry, o.CRS))
		}
		row = append(row, geom)
		for _, c := range cols {
			v := value(z, c, o.Location)
			s := text(v)
			if _, isText := v.(string); isText {
				s = SpreadsheetSafe(s)
			}
			row = append(row, s)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csv: zone %s: %w", z.ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// SpreadsheetSafe defuses text that a spreadsheet would run as a formula
// (CSV injection): text starting with = + - @ tab or CR gets a leading
// apostrophe. It is the one rule for every CSV zonegate writes (layer
// exports, the inspection log, reports, the clean-heating table).
func SpreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
