// Package export writes one layer's published zones as the files planners
// and offices open: GeoJSON, GeoPackage, zipped or plain Shapefile, KML and
// CSV, in WGS 84, CGCS2000 or a CGCS2000 Gauss–Krüger projection.
//
// Every format carries the same attribute table (see Columns): id, name,
// valid_from and valid_to (RFC 3339 in UTC+8, empty when open), then the
// zones' own properties in name order. The kind, layer, version and status
// are not repeated per feature: they are the layer's, and leaving them out
// lets `zonegate import` read an export back into the same zones.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// Format is an export file format.
type Format string

// The export formats.
const (
	GeoJSON    Format = "geojson"
	GeoPackage Format = "gpkg"
	Shapefile  Format = "shp" // a .zip of .shp/.shx/.dbf/.prj/.cpg when streamed or --out ends in .zip
	KML        Format = "kml"
	CSV        Format = "csv"
)

// Formats lists the formats ParseFormat accepts, for messages.
const Formats = "geojson, gpkg, shp, kml, csv"

// ParseFormat reads a format name (case-insensitive; "json", "shapefile",
// "geopackage" are accepted as aliases).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "geojson", "json":
		return GeoJSON, nil
	case "gpkg", "geopackage":
		return GeoPackage, nil
	case "shp", "shapefile", "zip":
		return Shapefile, nil
	case "kml":
		return KML, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("format %q: want one of %s", s, Formats)
}

// MediaType is the Content-Type of a format when served over HTTP.
func (f Format) MediaType() string {
	switch f {
	case GeoPackage:
		return "application/geopackage+sqlite3"
	case Shapefile:
		return "application/x-shapefile"
	case KML:
		return "application/vnd.google-earth.kml+xml"
	case CSV:
		return "text/csv; charset=utf-8"
	}
	return "application/geo+json"
}

// Extension is the file name extension of a streamed format (with the
// dot); a streamed Shapefile is a .zip.
func (f Format) Extension() string {
	switch f {
	case GeoPackage:
		return ".gpkg"
	case Shapefile:
		return ".zip"
	case KML:
		return ".kml"
	case CSV:
		return ".csv"
	}
	return ".geojson"
}

// Layer is what one export writes: a layer and its zones (the published
// versions valid at one instant, in id order).
type Layer struct {
	Layer geo.Layer
	Zones []*geo.Zone
}

// Encoding is the text encoding of a Shapefile's DBF.
type Encoding string

// The DBF encodings.
const (
	UTF8 Encoding = "UTF-8"
	GBK  Encoding = "GBK" // code page 936, for older desktop GIS
)

// ParseEncoding reads utf-8 or gbk (empty: UTF-8).
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "-", "")) {
	case "", "utf8":
		return UTF8, nil
	case "gbk", "cp936", "936":
		return GBK, nil
	}
	return "", fmt.Errorf("encoding %q: want utf-8 or gbk", s)
}

// Options adjust an export.
type Options struct {
	CRS      CRS            // zero: WGS 84
	Encoding Encoding       // Shapefile DBF text; zero: UTF-8
	Location *time.Location // validity times are written in it; nil: UTC+8
}

func (o Options) withDefaults() Options {
	if o.CRS.EPSG == 0 {
		o.CRS = WGS84
	}
	if o.Encoding == "" {
		o.Encoding = UTF8
	}
	if o.Location == nil {
		o.Location = time.FixedZone("CST", 8*3600)
	}
	return o
}

// ErrUnsupported is wrapped by errors for a combination a format cannot
// hold (KML in a projected CRS).
var ErrUnsupported = errors.New("export: unsupported")

// Write encodes l in format f to w. A GeoPackage is built in a temporary
// file first (SQLite needs one); a Shapefile is written as a zip.
func Write(w io.Writer, f Format, l Layer, o Options) error {
	switch f {
	case GeoJSON:
		return WriteGeoJSON(w, l, o)
	case CSV:
		return WriteCSV(w, l, o)
	case KML:
		return WriteKML(w, l, o)
	case Shapefile:
		_, err := WriteShapefileZip(w, l, o)
		return err
	case GeoPackage:
		return streamGeoPackage(w, l, o)
	}
	return fmt.Errorf("%w: format %q", ErrUnsupported, f)
}

// project returns g converted into c (a copy; the zone is shared).
func project(g orb.Geometry, c CRS) orb.Geometry { return crs.TransformGeometry(g, c.Project) }

// closeRing returns r with its first point repeated at the end, if it is
// not already.
func closeRing(r []orb.Point) []orb.Point {
	if len(r) > 0 && r[0] != r[len(r)-1] {
		return append(r[:len(r):len(r)], r[0])
	}
	return r
}

// WriteFile writes l in format f to path. A Shapefile is a .zip when path
// ends in .zip, else .shp/.shx/.dbf/.prj/.cpg beside path; its field
// mapping is returned (zero for the other formats).
func WriteFile(ctx context.Context, path string, f Format, l Layer, o Options) (ShapefileInfo, error) {
	switch f {
	case GeoPackage:
		return ShapefileInfo{}, WriteGeoPackage(ctx, path, l, o)
	case Shapefile:
		return WriteShapefilePath(path, l, o)
	}
	out, err := os.Create(path)
	if err != nil {
		return ShapefileInfo{}, fmt.Errorf("export: %w", err)
	}
	err = Write(out, f, l, o)
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export: %w", cerr)
	}
	return ShapefileInfo{}, err
}
