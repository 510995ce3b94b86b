package export

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// Shapefile shape types (ESRI Shapefile Technical Description, 1998).
const (
	shpNull       = 0
	shpPoint      = 1
	shpPolyLine   = 3
	shpPolygon    = 5
	shpMultiPoint = 8
)

// Shapefile layout constants.
const (
	shpFileCode   = 9994
	shpVersion    = 1000
	shpHeaderSize = 100
	shxRecordSize = 8
)

// ShapefileInfo reports how an export fitted the attributes into the DBF.
type ShapefileInfo struct {
	// Fields maps each attribute column to its DBF field, in order.
	Fields []DBFField
	// Truncated counts text values cut to the DBF's 254 bytes.
	Truncated int
}

// WriteShapefile writes l as base.shp, .shx, .dbf, .prj and .cpg (base is
// the path without extension). This is zonegate's own writer, not
// go-shp v0.1.1 (the version served), which names the DBF "basedbf",
// writes no .prj and cannot set the DBF language byte.
//
// Polygons are written with outer rings clockwise and holes
// counter-clockwise, every part of a MultiPolygon as rings of one record;
// lines as PolyLine, points as Point or MultiPoint. A layer mixing
// geometry families is refused: a Shapefile holds one shape type. The DBF
// text is UTF-8 (.cpg "UTF-8", language byte 0) or, with o.Encoding GBK,
// code page 936 (.cpg "GBK", language byte 0x4D) with characters outside
// it written as "?". Field names longer than 10 bytes are shortened, see
// DBFFields.
func WriteShapefile(base string, l Layer, o Options) (ShapefileInfo, error) {
	files, info, err := shapefileFiles(l, o)
	if err != nil {
		return info, err
	}
	for _, f := range files {
		if err := os.WriteFile(base+f.ext, f.data, 0o644); err != nil {
			return info, fmt.Errorf("shapefile: %w", err)
		}
	}
	return info, nil
}

// WriteShapefileZip writes l as a zip holding <layer>.shp, .shx, .dbf,
// .prj and .cpg, as WriteShapefile describes.
func WriteShapefileZip(w io.Writer, l Layer, o Options) (ShapefileInfo, error) {
	files, info, err := shapefileFiles(l, o)
	if err != nil {
		return info, err
	}
	zw := zip.NewWriter(w)
	name := l.Layer.ID
	if name == "" {
		name = "zones"
	}
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name + f.ext, Method: zip.Deflate, Modified: time.Now()})
		if err == nil {
			_, err = fw.Write(f.data)
		}
		if err != nil {
			return info, fmt.Errorf("shapefile zip: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return info, fmt.Errorf("shapefile zip: %w", err)
	}
	return info, nil
}

// WriteShapefilePath writes a Shapefile to path: a zip when path ends in
// .zip, else the files next to path's .shp.
func WriteShapefilePath(path string, l Layer, o Options) (ShapefileInfo, error) {
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		f, err := os.Create(path)
		if err != nil {
			return ShapefileInfo{}, fmt.Errorf("shapefile: %w", err)
		}
		info, err := WriteShapefileZip(f, l, o)
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("shapefile: %w", cerr)
		}
		return info, err
	}
	return WriteShapefile(strings.TrimSuffix(path, filepath.Ext(path)), l, o)
}

type shapeFile struct {
	ext  string
	data []byte
}

func shapefileFiles(l Layer, o Options) ([]shapeFile, ShapefileInfo, error) {
	o = o.withDefaults()
	shapeType, err := layerShapeType(l.Zones)
	if err != nil {
		return nil, ShapefileInfo{}, err
	}
	var shp, shx bytes.Buffer
	shp.Write(make([]byte, shpHeaderSize))
	shx.Write(make([]byte, shpHeaderSize))
	var box orb.Bound
	for i, z := range l.Zones {
		content, b := shapeRecord(shapeType, project(z.Geometry, o.CRS))
		if i == 0 {
			box = b
		} else {
			box = box.Union(b)
		}
		offset := shp.Len() / 2
		be32(&shp, int32(i+1))
		be32(&shp, int32(len(content)/2))
		shp.Write(content)
		be32(&shx, int32(offset))
		be32(&shx, int32(len(content)/2))
	}
	shpBytes, shxBytes := shp.Bytes(), shx.Bytes()
	shpHeader(shpBytes, shapeType, box)
	shpHeader(shxBytes, shapeType, box)
	dbf, info, err := writeDBF(l.Zones, o)
	if err != nil {
		return nil, info, err
	}
	return []shapeFile{
		{".shp", shpBytes}, {".shx", shxBytes}, {".dbf", dbf},
		{".prj", []byte(o.CRS.WKT)}, {".cpg", []byte(o.Encoding)},
	}, info, nil
}

func layerShapeType(zones []*geo.Zone) (int, error) {
	t := shpNull
	for _, z := range zones {
		var zt int
		switch z.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			zt = shpPolygon
		case orb.LineString, orb.MultiLineString:
			zt = shpPolyLine
		case orb.Point:
			zt = shpPoint
		case orb.MultiPoint:
			zt = shpMultiPoint
		default:
			return 0, fmt.Errorf("%w: zone %s has geometry %T, which a Shapefile cannot hold", ErrUnsupported, z.ID, z.Geometry)
		}
		switch {
		case t == shpNull || t == zt:
			t = zt
		case (t == shpPoint && zt == shpMultiPoint) || (t == shpMultiPoint && zt == shpPoint):
			t = shpMultiPoint
		default:
			return 0, fmt.Errorf("%w: the layer mixes geometry types (zone %s): a Shapefile holds one; export as GeoPackage or GeoJSON", ErrUnsupported, z.ID)
		}
	}
	if t == shpNull {
		t = shpPolygon
	}
	return t, nil
}

// shapeRecord encodes one record's content (little-endian, after the
// record header) and its bounding box.
func shapeRecord(shapeType int, g orb.Geometry) ([]byte, orb.Bound) {
	var b bytes.Buffer
	box := g.Bound()
	if p, ok := g.(orb.Point); ok && shapeType == shpPoint {
		le32(&b, shpPoint)
		leF64(&b, p[0], p[1])
		return b.Bytes(), box
	}
	var parts [][]orb.Point
	switch g := g.(type) {
	case orb.Point:
		parts = [][]orb.Point{{g}}
	case orb.MultiPoint:
		parts = [][]orb.Point{g}
	case orb.LineString:
		parts = [][]orb.Point{g}
	case orb.MultiLineString:
		for _, ls := range g {
			parts = append(parts, ls)
		}
	case orb.Polygon:
		parts = shapeRings(orb.MultiPolygon{g})
	case orb.MultiPolygon:
		parts = shapeRings(g)
	}
	le32(&b, int32(shapeType))
	leF64(&b, box.Min[0], box.Min[1], box.Max[0], box.Max[1])
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if shapeType == shpMultiPoint {
		le32(&b, int32(n))
	} else {
		le32(&b, int32(len(parts)))
		le32(&b, int32(n))
		start := 0
		for _, p := range parts {
			le32(&b, int32(start))
			start += len(p)
		}
	}
	for _, part := range parts {
		for _, p := range part {
			leF64(&b, p[0], p[1])
		}
	}
	return b.Bytes(), box
}

// shapeRings returns the rings of mp closed, outer rings clockwise and
// holes counter-clockwise, as the Shapefile specification requires.
func shapeRings(mp orb.MultiPolygon) [][]orb.Point {
	var out [][]orb.Point
	for _, poly := range mp {
		for i, r := range poly {
			ring := closeRing(r)
			clockwise := signedArea(ring) < 0
			if (i == 0) != clockwise {
				ring = reversed(ring)
			}
			out = append(out, ring)
		}
	}
	return out
}

// signedArea is the shoelace area of a closed ring: positive when it runs
// counter-clockwise.
func signedArea(r []orb.Point) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += (r[i][0] - r[0][0]) * (r[i+1][1] - r[0][1])
		s -= (r[i+1][0] - r[0][0]) * (r[i][1] - r[0][1])
	}
	return s / 2
}

func reversed(r []orb.Point) []orb.Point {
	out := make([]orb.Point, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

// shpHeader fills the 100-byte header of a .shp or .shx in b.
func shpHeader(b []byte, shapeType int, box orb.Bound) {
	binary.BigEndian.PutUint32(b[0:], shpFileCode)
	binary.BigEndian.PutUint32(b[24:], uint32(len(b)/2))
	binary.LittleEndian.PutUint32(b[28:], shpVersion)
	binary.LittleEndian.PutUint32(b[32:], uint32(shapeType))
	for i, v := range []float64{box.Min[0], box.Min[1], box.Max[0], box.Max[1]} {
		binary.LittleEndian.PutUint64(b[36+8*i:], math.Float64bits(v))
	}
}

func be32(b *bytes.Buffer, v int32) { _ = binary.Write(b, binary.BigEndian, v) }
func le32(b *bytes.Buffer, v int32) { _ = binary.Write(b, binary.LittleEndian, v) }
func leF64(b *bytes.Buffer, vs ...float64) {
	for _, v := range vs {
		_ = binary.Write(b, binary.LittleEndian, v)
	}
}
