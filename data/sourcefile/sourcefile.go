// Package sourcefile reads the files boundaries arrive in — GeoJSON,
// Shapefile (with its siblings, or zipped), GeoPackage, KML/KMZ and CSV —
// into features with the coordinate system and text encoding the file
// declares. It does no coordinate conversion and no validation: geo/ingest
// turns the features into zones. Every reader caps counts and sizes before
// allocating, so a hostile file costs bounded memory.
package sourcefile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// ErrFormat is wrapped by every error about a file's content or format.
var ErrFormat = errors.New("sourcefile: unreadable input")

// The formats Read understands (Options.Format and Dataset.Format).
const (
	FormatGeoJSON    = "geojson"
	FormatShapefile  = "shapefile"
	FormatGeoPackage = "gpkg"
	FormatKML        = "kml"
	FormatKMZ        = "kmz"
	FormatCSV        = "csv"
	FormatZip        = "zip" // a zipped Shapefile
)

// Default limits (see Limits).
const (
	DefaultMaxFeatures = 1_000_000
	DefaultMaxBytes    = 1 << 30 // 1 GiB unzipped
	DefaultMaxVertices = 10_000_000
)

// Limits bound what one Read may allocate. Zero fields take the defaults.
type Limits struct {
	MaxFeatures int   // features (records, rows, placemarks)
	MaxBytes    int64 // bytes of a zip's unpacked members, in total
	MaxVertices int   // vertices of all features together
}

func (l Limits) withDefaults() Limits {
	if l.MaxFeatures <= 0 {
		l.MaxFeatures = DefaultMaxFeatures
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxVertices <= 0 {
		l.MaxVertices = DefaultMaxVertices
	}
	return l
}

// Options say how to read. All fields are optional.
type Options struct {
	// Format forces a format (one of the Format constants); empty: by file
	// name extension, else by content.
	Format string
	// Encoding decodes Shapefile DBF and CSV text: "gbk" (also "cp936",
	// "gb18030"), "big5" or "utf-8". Given, it wins over a .cpg and the
	// DBF language byte; empty: .cpg, then the language byte, then UTF-8.
	Encoding string
	// Table picks the GeoPackage feature table (needed when there are
	// several).
	Table string
	// WKTColumn, LonColumn and LatColumn name CSV columns; empty: detected
	// from common names (wkt, geometry; lon, lng, x, 经度; lat, y, 纬度).
	WKTColumn, LonColumn, LatColumn string
	// TempDir holds a GeoPackage given as bytes while it is read
	// (default os.TempDir()).
	TempDir string
	Limits  Limits
}

// File is one named input file: a Shapefile is several (.shp, .shx, .dbf,
// .prj, .cpg) that share a base name.
type File struct {
	Name string
	Data []byte
}

// Dataset is what a file holds.
type Dataset struct {
	Format string // one of the Format constants (a zipped Shapefile reads as FormatShapefile)
	Table  string // the GeoPackage table, the Shapefile or KML layer name
	// CRS is the coordinate system as the file declares it: "EPSG:4546",
	// a WKT definition (a .prj), or "" when the file says nothing. CRSFrom
	// says where it came from (".prj", "gpkg_spatial_ref_sys", ...).
	CRS, CRSFrom string
	// Encoding is how text was decoded and why, e.g. "GBK (.cpg CP936)".
	Encoding string
	Features []*geojson.Feature
}

// Open reads the file at path, with its Shapefile siblings (same base name,
// any case of extension) when path is a .shp, or a GeoPackage in place.
func Open(path string, o Options) (*Dataset, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if o.Format == FormatGeoPackage || (o.Format == "" && ext == ".gpkg") {
		return readGeoPackageFile(path, o)
	}
	files := []File{}
	if ext == ".shp" || ext == ".dbf" {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		for _, sib := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
			for _, e := range []string{sib, strings.ToUpper(sib)} {
				b, err := os.ReadFile(base + e)
				if err == nil {
					files = append(files, File{Name: filepath.Base(base + e), Data: b})
					break
				}
				if !errors.Is(err, os.ErrNotExist) {
					return nil, fmt.Errorf("read %w", err)
				}
			}
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %w", err)
		}
		files = append(files, File{Name: filepath.Base(path), Data: b})
	}
	return Read(files, o)
}

// Read reads a dataset from files: one file, a Shapefile's siblings, or a
// zip holding a Shapefile (or one other supported file).
func Read(files []File, o Options) (*Dataset, error) {
	o.Limits = o.Limits.withDefaults()
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no file given", ErrFormat)
	}
	format := o.Format
	if format == "" {
		format = detect(files)
	}
	switch format {
	case FormatZip:
		inner, err := unzip(files[0].Data, o.Limits.MaxBytes)
		if err != nil {
			return nil, err
		}
		o.Format = ""
		if detect(inner) == FormatZip {
			return nil, fmt.Errorf("%w: a zip inside a zip is not read", ErrFormat)
		}
		return Read(inner, o)
	case FormatShapefile:
		return readShapefile(files, o)
	case FormatGeoPackage:
		return readGeoPackageBytes(files[0].Data, o)
	case FormatKML:
		return readKML(files[0].Data, o)
	case FormatKMZ:
		return readKMZ(files[0].Data, o)
	case FormatCSV:
		return readCSV(files[0].Data, o)
	case FormatGeoJSON:
		return readGeoJSON(files[0].Data, o)
	}
	return nil, fmt.Errorf("%w: unknown format %q (want geojson, shapefile, zip, gpkg, kml, kmz or csv)", ErrFormat, format)
}

// detect picks the format of files by extension, else by content.
func detect(files []File) string {
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f.Name), ".shp") {
			return FormatShapefile
		}
	}
	f := files[0]
	switch strings.ToLower(filepath.Ext(f.Name)) {
	case ".geojson", ".json":
		return FormatGeoJSON
	case ".gpkg":
		return FormatGeoPackage
	case ".kml":
		return FormatKML
	case ".kmz":
		return FormatKMZ
	case ".csv", ".txt":
		return FormatCSV
	case ".zip":
		return FormatZip
	case ".dbf", ".shx":
		return FormatShapefile
	}
	return sniff(f.Data)
}

// sniff recognises a format from the first bytes.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("SQLite format 3\x00")):
		return FormatGeoPackage
	case len(b) >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0x27 && b[3] == 0x0a: // 9994, the .shp file code
		return FormatShapefile
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		if zipHasKML(b) {
			return FormatKMZ
		}
		return FormatZip
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		return FormatGeoJSON
	case bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte("<kml")):
		return FormatKML
	case bytes.HasPrefix(head, []byte("<")):
		return FormatKML // other XML: the KML reader says what it found
	}
	return FormatCSV
}
