package sourcefile_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/zonegate/zonegate/data/sourcefile"
)

// fuzzLimits keep every fuzzed read small: the readers must refuse
// before allocating more than the limits allow.
var fuzzLimits = sourcefile.Limits{MaxFeatures: 1000, MaxBytes: 1 << 20, MaxVertices: 100000}

// minimalShapefile is a one-polygon .shp and a one-record .dbf.
func minimalShapefile() (shp, dbf []byte) {
	var b bytes.Buffer
	be, le := binary.BigEndian, binary.LittleEndian
	hdr := make([]byte, 100)
	be.PutUint32(hdr[0:], 9994)
	le.PutUint32(hdr[28:], 1000)
	le.PutUint32(hdr[32:], 5)
	b.Write(hdr)
	content := make([]byte, 44+4+5*16)
	le.PutUint32(content[0:], 5)
	le.PutUint32(content[36:], 1)
	le.PutUint32(content[40:], 5)
	for i, p := range [][2]float64{{111, 36}, {111, 36.1}, {111.1, 36.1}, {111.1, 36}, {111, 36}} {
		binary.LittleEndian.PutUint64(content[48+16*i:], mathBits(p[0]))
		binary.LittleEndian.PutUint64(content[56+16*i:], mathBits(p[1]))
	}
	rh := make([]byte, 8)
	be.PutUint32(rh[0:], 1)
	be.PutUint32(rh[4:], uint32(len(content)/2))
	b.Write(rh)
	b.Write(content)
	shp = b.Bytes()
	d := make([]byte, 32+32+1)
	d[0] = 3
	le.PutUint32(d[4:], 1)
	le.PutUint16(d[8:], 65)
	le.PutUint16(d[10:], 1+10)
	copy(d[32:], "name")
	d[43] = 'C'
	d[48] = 10
	d[64] = 0x0d
	dbf = append(d, []byte(" 尧都    ")...)
	return shp, dbf
}

func FuzzShapefile(f *testing.F) {
	shp, dbf := minimalShapefile()
	f.Add(shp, dbf, []byte("UTF-8"))
	f.Add(shp[:120], dbf, []byte("936"))
	f.Fuzz(func(t *testing.T, shp, dbf, cpg []byte) {
		_, _ = sourcefile.Read([]sourcefile.File{{Name: "a.shp", Data: shp}, {Name: "a.dbf", Data: dbf}, {Name: "a.cpg", Data: cpg}},
			sourcefile.Options{Limits: fuzzLimits})
	})
}

func FuzzKML(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="utf-8"?><kml><Document><Placemark><name>甲</name><ExtendedData><SchemaData><SimpleData name="pop">3</SimpleData></SchemaData></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>111,36 111,36.1 111.1,36.1 111,36</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`))
	f.Add([]byte(`<kml><Placemark><MultiGeometry><MultiGeometry><Point><coordinates>1,2</coordinates></Point></MultiGeometry><LineString><coordinates>1,2 3,4</coordinates></LineString></MultiGeometry></Placemark></kml>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = sourcefile.Read([]sourcefile.File{{Name: "a.kml", Data: b}}, sourcefile.Options{Limits: fuzzLimits})
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("name,wkt\n甲,\"POLYGON((111 36,111 36.1,111.1 36.1,111 36))\"\n"), "")
	f.Add([]byte("\xef\xbb\xbf名称,经度,纬度\n甲,111.5,36.1\n"), "gbk")
	f.Fuzz(func(t *testing.T, b []byte, enc string) {
		_, _ = sourcefile.Read([]sourcefile.File{{Name: "a.csv", Data: b}}, sourcefile.Options{Encoding: enc, Limits: fuzzLimits})
	})
}

func FuzzSniffAndZip(f *testing.F) {
	shp, _ := minimalShapefile()
	f.Add(shp)
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(`{"type":"FeatureCollection","features":[],"crs":{"type":"name","properties":{"name":"EPSG:4546"}}}`))
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = sourcefile.Read([]sourcefile.File{{Name: "upload", Data: b}}, sourcefile.Options{Limits: fuzzLimits, TempDir: t.TempDir()})
	})
}

// TestHostileCountsAreRefusedBeforeAllocating: headers claiming billions
// of records, parts or points are refused with small allocations.
func TestHostileCountsAreRefusedBeforeAllocating(t *testing.T) {
	shp, dbf := minimalShapefile()
	le := binary.LittleEndian
	bigDBF := append([]byte{}, dbf...)
	le.PutUint32(bigDBF[4:], 2_000_000_000)
	bigParts := append([]byte{}, shp...)
	le.PutUint32(bigParts[108+36:], 0xffffffff)
	bigPoints := append([]byte{}, shp...)
	le.PutUint32(bigPoints[108+40:], 0x7fffffff)
	for name, files := range map[string][]sourcefile.File{
		"dbf records": {{Name: "a.shp", Data: shp}, {Name: "a.dbf", Data: bigDBF}},
		"shp parts":   {{Name: "a.shp", Data: bigParts}, {Name: "a.dbf", Data: dbf}},
		"shp points":  {{Name: "a.shp", Data: bigPoints}, {Name: "a.dbf", Data: dbf}},
	} {
		allocs := testing.AllocsPerRun(3, func() {
			if _, err := sourcefile.Read(files, sourcefile.Options{}); err == nil {
				t.Errorf("%s: accepted", name)
			}
		})
		if allocs > 200 {
			t.Errorf("%s: %v allocations", name, allocs)
		}
	}
	if _, err := sourcefile.Read([]sourcefile.File{{Name: "a.shp", Data: shp}, {Name: "a.dbf", Data: dbf}}, sourcefile.Options{}); err != nil {
		t.Fatalf("the unmodified file: %v", err)
	}
}

func mathBits(v float64) uint64 { return math.Float64bits(v) }
