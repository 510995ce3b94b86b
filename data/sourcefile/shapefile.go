package sourcefile

import (
	"encoding/binary"
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// Shape types of the ESRI Shapefile specification (1998); Z and M
// variants are read as 2D.
const (
	shapeNull        = 0
	shapePoint       = 1
	shapePolyLine    = 3
	shapePolygon     = 5
	shapeMultiPoint  = 8
	shapeFileCode    = 9994
	shpHeaderBytes   = 100
	shpRecordHeader  = 8
	bytesPerPoint    = 16
	polyPrefixBytes  = 44 // shape type, bbox, numParts, numPoints
	multiPointPrefix = 40 // shape type, bbox, numPoints
	// maxRingsPerShape bounds the parts of one shape, and so the quadratic
	// ring nesting (a county with its islands has hundreds).
	maxRingsPerShape = 20000
)

// readShapefile reads .shp geometry and .dbf attributes, with the .prj's
// WKT as the declared CRS and text decoded per .cpg, language byte or
// Options.Encoding. The .shx is not needed: records are read in order.
func readShapefile(files []File, o Options) (*Dataset, error) {
	var shp, dbf, prj, cpg *File
	for i := range files {
		switch strings.ToLower(path.Ext(files[i].Name)) {
		case ".shp":
			shp = &files[i]
		case ".dbf":
			dbf = &files[i]
		case ".prj":
			prj = &files[i]
		case ".cpg":
			cpg = &files[i]
		}
	}
	if shp == nil && len(files) == 1 && sniff(files[0].Data) == FormatShapefile {
		shp = &files[0]
	}
	if shp == nil || dbf == nil {
		return nil, fmt.Errorf("%w: a Shapefile needs its .shp and .dbf (and .prj for its coordinate system): give the siblings together or a .zip holding them", ErrFormat)
	}
	geoms, err := parseSHP(shp.Data, o.Limits)
	if err != nil {
		return nil, err
	}
	table, err := parseDBF(dbf.Data, o.Limits.MaxFeatures)
	if err != nil {
		return nil, err
	}
	if len(table.records) != len(geoms) {
		return nil, fmt.Errorf("%w: the .shp has %d shapes but the .dbf %d records", ErrFormat, len(geoms), len(table.records))
	}
	cpgText := ""
	if cpg != nil {
		cpgText = string(cpg.Data)
	}
	enc, encName, err := textEncoding(o.Encoding, cpgText, table.ldid)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(table.rawNames))
	for i, raw := range table.rawNames {
		if names[i], err = decodeText(raw, enc); err != nil {
			return nil, fmt.Errorf("column %d name: %w", i+1, err)
		}
	}
	d := &Dataset{Format: FormatShapefile, Table: strings.TrimSuffix(shp.Name, path.Ext(shp.Name)), Encoding: encName}
	if prj != nil {
		d.CRS, d.CRSFrom = strings.TrimSpace(string(prj.Data)), ".prj"
	}
	for i, g := range geoms {
		if table.deleted[i] {
			continue
		}
		props, err := table.properties(i, enc, names)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i+1, err)
		}
		f := geojson.NewFeature(g)
		f.Properties = props
		d.Features = append(d.Features, f)
	}
	return d, nil
}

// parseSHP reads the main file's records. Every count is checked against
// the bytes of its record before anything is allocated.
func parseSHP(b []byte, lim Limits) ([]orb.Geometry, error) {
	if len(b) < shpHeaderBytes || binary.BigEndian.Uint32(b[0:4]) != shapeFileCode {
		return nil, fmt.Errorf("%w: not a Shapefile .shp (file code 9994 missing)", ErrFormat)
	}
	var geoms []orb.Geometry
	vertices := 0
	for off := shpHeaderBytes; off+shpRecordHeader <= len(b); {
		n := len(geoms) + 1
		contentLen := int64(binary.BigEndian.Uint32(b[off+4:off+8])) * 2
		start := off + shpRecordHeader
		if contentLen < 4 || contentLen > int64(len(b)-start) {
			return nil, fmt.Errorf("%w: .shp record %d claims %d bytes, %d left", ErrFormat, n, contentLen, len(b)-start)
		}
		if len(geoms) == lim.MaxFeatures {
			return nil, fmt.Errorf("%w: the .shp holds more than the limit of %d shapes", ErrFormat, lim.MaxFeatures)
		}
		rec := b[start : start+int(contentLen)]
		g, nv, err := parseShape(rec)
		if err != nil {
			return nil, fmt.Errorf("%w: .shp record %d: %v", ErrFormat, n, err)
		}
		if vertices += nv; vertices > lim.MaxVertices {
			return nil, fmt.Errorf("%w: the .shp holds more than the limit of %d vertices", ErrFormat, lim.MaxVertices)
		}
		geoms = append(geoms, g)
		off = start + int(contentLen)
	}
	return geoms, nil
}

// parseShape decodes one record's content; it returns the geometry (nil
// for a null shape) and its vertex count.
func parseShape(rec []byte) (orb.Geometry, int, error) {
	le := binary.LittleEndian
	typ := int(le.Uint32(rec[0:4]))
	point := func(at int) orb.Point {
		return orb.Point{math.Float64frombits(le.Uint64(rec[at:])), math.Float64frombits(le.Uint64(rec[at+8:]))}
	}
	switch typ % 10 { // 11/21 PointZ/M, 13/23, 15/25, 18/28
	case shapeNull:
		if typ != shapeNull {
			break
		}
		return nil, 0, nil
	case shapePoint:
		if len(rec) < 4+bytesPerPoint {
			return nil, 0, fmt.Errorf("point record of %d bytes", len(rec))
		}
		return point(4), 1, nil
	case shapeMultiPoint:
		if len(rec) < multiPointPrefix {
			return nil, 0, fmt.Errorf("multipoint record of %d bytes", len(rec))
		}
		np := int64(le.Uint32(rec[36:40]))
		if np*bytesPerPoint > int64(len(rec)-multiPointPrefix) {
			return nil, 0, fmt.Errorf("%d points do not fit %d bytes", np, len(rec))
		}
		mp := make(orb.MultiPoint, np)
		for i := range mp {
			mp[i] = point(multiPointPrefix + i*bytesPerPoint)
		}
		return mp, int(np), nil
	case shapePolyLine, shapePolygon:
		if len(rec) < polyPrefixBytes {
			return nil, 0, fmt.Errorf("record of %d bytes", len(rec))
		}
		nParts, nPoints := int64(le.Uint32(rec[36:40])), int64(le.Uint32(rec[40:44]))
		pointsAt := polyPrefixBytes + 4*nParts
		if nParts < 1 || pointsAt+nPoints*bytesPerPoint > int64(len(rec)) {
			return nil, 0, fmt.Errorf("%d parts and %d points do not fit %d bytes", nParts, nPoints, len(rec))
		}
		if nParts > maxRingsPerShape {
			return nil, 0, fmt.Errorf("%d parts in one shape, more than %d", nParts, maxRingsPerShape)
		}
		parts := make([][]orb.Point, nParts)
		prevFirst := int64(0)
		for i := range parts {
			first := int64(le.Uint32(rec[polyPrefixBytes+4*i:]))
			last := nPoints
			if int64(i)+1 < nParts {
				last = int64(le.Uint32(rec[polyPrefixBytes+4*(i+1):]))
			}
			if first < prevFirst || first > last || last > nPoints {
				return nil, 0, fmt.Errorf("part %d spans points %d…%d of %d", i, first, last, nPoints)
			}
			prevFirst = first
			pts := make([]orb.Point, last-first)
			for j := range pts {
				pts[j] = point(int(pointsAt) + (int(first)+j)*bytesPerPoint)
			}
			parts[i] = pts
		}
		if typ%10 == shapePolyLine {
			if len(parts) == 1 {
				return orb.LineString(parts[0]), int(nPoints), nil
			}
			mls := make(orb.MultiLineString, len(parts))
			for i, p := range parts {
				mls[i] = p
			}
			return mls, int(nPoints), nil
		}
		rings := make([]orb.Ring, len(parts))
		for i, p := range parts {
			rings[i] = p
		}
		return nestRings(rings), int(nPoints), nil
	}
	return nil, 0, fmt.Errorf("shape type %d is not supported", typ)
}

// nestRings builds polygons from a Shapefile polygon's rings by
// containment, not by file order or winding: a ring inside an odd number
// of others is a hole of the smallest ring containing it; the others are
// shells. One shell gives a Polygon, several a MultiPolygon.
func nestRings(rings []orb.Ring) orb.Geometry {
	n := len(rings)
	area := make([]float64, n)
	bounds := make([]orb.Bound, n)
	for i, r := range rings {
		area[i] = math.Abs(planar.Area(r))
		bounds[i] = r.Bound()
	}
	depth := make([]int, n)
	parent := make([]int, n)
	for i, r := range rings {
		parent[i] = -1
		if len(r) == 0 {
			continue
		}
		probe := r[0]
		for j, other := range rings {
			if i == j || area[j] <= area[i] || len(other) < 4 || !bounds[j].Contains(probe) || !planar.RingContains(other, probe) {
				continue
			}
			depth[i]++
			if parent[i] < 0 || area[j] < area[parent[i]] {
				parent[i] = j
			}
		}
	}
	var mp orb.MultiPolygon
	index := make(map[int]int, n) // shell ring → polygon
	for i := range rings {
		if depth[i]%2 == 0 {
			index[i] = len(mp)
			mp = append(mp, orb.Polygon{rings[i]})
		}
	}
	for i := range rings {
		if depth[i]%2 == 1 {
			if p, ok := index[parent[i]]; ok {
				mp[p] = append(mp[p], rings[i])
			}
		}
	}
	if len(mp) == 1 {
		return mp[0]
	}
	return mp
}
