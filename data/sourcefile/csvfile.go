package sourcefile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/zonegate/zonegate/geo"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"
)

// Column names detected when Options do not name the columns, compared
// case-insensitively.
var (
	wktNames = []string{"wkt", "geometry", "geom", "the_geom", "shape", "几何", "坐标串"}
	lonNames = []string{"lon", "lng", "long", "longitude", "x", "经度", "东经"}
	latNames = []string{"lat", "latitude", "y", "纬度", "北纬"}
)

// readCSV reads a CSV with a header row (UTF-8 with or without BOM, or
// Options.Encoding): the geometry from a WKT column, or a point from
// longitude and latitude columns; every other column is a string
// property.
func readCSV(b []byte, o Options) (*Dataset, error) {
	encName := "UTF-8"
	if o.Encoding != "" {
		e, name, ok := encodingByName(o.Encoding)
		if !ok {
			return nil, fmt.Errorf("%w: unknown encoding %q (want gbk, big5 or utf-8)", ErrFormat, o.Encoding)
		}
		encName = name + " (--encoding)"
		if e != nil {
			out, err := e.NewDecoder().Bytes(b)
			if err != nil {
				return nil, fmt.Errorf("%w: CSV text is not %s: %v", ErrFormat, name, err)
			}
			b = out
		}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: the CSV is not UTF-8: pass --encoding gbk (or save it as UTF-8)", ErrFormat)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: CSV header: %v", ErrFormat, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	wktCol, lonCol, latCol, err := csvColumns(header, o)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Format: FormatCSV, Encoding: encName}
	vertices := 0
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: CSV line %d: %v", ErrFormat, row, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(d.Features) == o.Limits.MaxFeatures {
			return nil, fmt.Errorf("%w: the CSV holds more than the limit of %d rows", ErrFormat, o.Limits.MaxFeatures)
		}
		f := &geojson.Feature{Type: "Feature", Properties: geojson.Properties{}}
		cell := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if wktCol >= 0 {
			if s := cell(wktCol); s != "" {
				g, err := wkt.Unmarshal(s)
				if err != nil {
					return nil, fmt.Errorf("%w: CSV line %d column %s: not WKT: %v", ErrFormat, row, header[wktCol], err)
				}
				f.Geometry = g
			}
		} else {
			lon, err1 := strconv.ParseFloat(cell(lonCol), 64)
			lat, err2 := strconv.ParseFloat(cell(latCol), 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%w: CSV line %d: %s %q / %s %q are not numbers", ErrFormat, row, header[lonCol], cell(lonCol), header[latCol], cell(latCol))
			}
			f.Geometry = orb.Point{lon, lat}
		}
		if f.Geometry != nil {
			vertices += geo.CountVertices(f.Geometry)
		}
		if vertices > o.Limits.MaxVertices {
			return nil, fmt.Errorf("%w: the CSV holds more than the limit of %d vertices", ErrFormat, o.Limits.MaxVertices)
		}
		for i, h := range header {
			if i != wktCol && i != lonCol && i != latCol && h != "" {
				f.Properties[h] = cell(i)
			}
		}
		d.Features = append(d.Features, f)
	}
	return d, nil
}

// csvColumns finds the geometry columns: the named ones, else a WKT
// column, else longitude and latitude columns. Unused ones are -1.
func csvColumns(header []string, o Options) (wktCol, lonCol, latCol int, err error) {
	find := func(names ...string) int {
		for _, n := range names {
			for i, h := range header {
				if strings.EqualFold(h, n) {
					return i
				}
			}
		}
		return -1
	}
	named := func(flag, name string) (int, error) {
		i := find(name)
		if i < 0 {
			return -1, fmt.Errorf("%w: the CSV has no column %q (%s); its columns are: %s", ErrFormat, name, flag, strings.Join(header, ", "))
		}
		return i, nil
	}
	if o.WKTColumn != "" {
		i, err := named("--wkt-column", o.WKTColumn)
		return i, -1, -1, err
	}
	if o.LonColumn != "" || o.LatColumn != "" {
		lonCol, latCol = find(lonNames...), find(latNames...)
		if o.LonColumn != "" {
			if lonCol, err = named("--lon-column", o.LonColumn); err != nil {
				return
			}
		}
		if o.LatColumn != "" {
			if latCol, err = named("--lat-column", o.LatColumn); err != nil {
				return
			}
		}
	} else if wktCol = find(wktNames...); wktCol >= 0 {
		return wktCol, -1, -1, nil
	} else {
		lonCol, latCol = find(lonNames...), find(latNames...)
	}
	if lonCol < 0 || latCol < 0 {
		return -1, -1, -1, fmt.Errorf("%w: the CSV has no WKT column (wkt, geometry) and no longitude/latitude columns (lon/lat, 经度/纬度): name them with --wkt-column or --lon-column and --lat-column; its columns are: %s", ErrFormat, strings.Join(header, ", "))
	}
	return -1, lonCol, latCol, nil
}
