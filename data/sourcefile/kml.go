package sourcefile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/zonegate/zonegate/geo"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"golang.org/x/text/encoding/htmlindex"
)

// kmlGeometry holds the geometry elements a Placemark or MultiGeometry may
// contain.
type kmlGeometry struct {
	Points        []kmlCoordinates `xml:"Point"`
	LineStrings   []kmlCoordinates `xml:"LineString"`
	LinearRings   []kmlCoordinates `xml:"LinearRing"`
	Polygons      []kmlPolygon     `xml:"Polygon"`
	MultiGeometry []kmlGeometry    `xml:"MultiGeometry"`
}

type kmlCoordinates struct {
	Coordinates string `xml:"coordinates"`
}

type kmlPolygon struct {
	Outer kmlBoundary   `xml:"outerBoundaryIs"`
	Inner []kmlBoundary `xml:"innerBoundaryIs"`
}

type kmlBoundary struct {
	Ring kmlCoordinates `xml:"LinearRing"`
}

type kmlPlacemark struct {
	ID          string  `xml:"id,attr"`
	Name        *string `xml:"name"`
	Description *string `xml:"description"`
	Extended    struct {
		Data []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value"`
		} `xml:"Data"`
		SchemaData []struct {
			SimpleData []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:",chardata"`
			} `xml:"SimpleData"`
		} `xml:"SchemaData"`
	} `xml:"ExtendedData"`
	kmlGeometry
}

// maxKMLDepth bounds MultiGeometry nesting.
const maxKMLDepth = 8

// readKML reads every Placemark of a KML document, wherever it sits in
// Documents and Folders: name, description and ExtendedData (Data and
// SchemaData/SimpleData) become properties, Polygon, MultiGeometry,
// Point and LineString the geometry. KML is WGS84 longitude/latitude by
// definition (EPSG:4326).
func readKML(b []byte, o Options) (*Dataset, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown XML encoding %q", label)
		}
		return e.NewDecoder().Reader(r), nil
	}
	d := &Dataset{Format: FormatKML, CRS: "EPSG:4326", CRSFrom: "KML (always WGS84)", Encoding: "XML"}
	sawKML := false
	vertices := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: KML: %v", ErrFormat, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "kml":
			sawKML = true
		case "Placemark":
			if len(d.Features) == o.Limits.MaxFeatures {
				return nil, fmt.Errorf("%w: KML holds more than the limit of %d placemarks", ErrFormat, o.Limits.MaxFeatures)
			}
			var pm kmlPlacemark
			if err := dec.DecodeElement(&pm, &se); err != nil {
				return nil, fmt.Errorf("%w: KML placemark %d: %v", ErrFormat, len(d.Features)+1, err)
			}
			f, err := placemarkFeature(&pm)
			if err != nil {
				return nil, fmt.Errorf("%w: KML placemark %d: %v", ErrFormat, len(d.Features)+1, err)
			}
			if f.Geometry != nil {
				vertices += geo.CountVertices(f.Geometry)
			}
			if vertices > o.Limits.MaxVertices {
				return nil, fmt.Errorf("%w: KML holds more than the limit of %d vertices", ErrFormat, o.Limits.MaxVertices)
			}
			d.Features = append(d.Features, f)
		}
	}
	if !sawKML {
		return nil, fmt.Errorf("%w: not a KML document (no <kml> element)", ErrFormat)
	}
	return d, nil
}

// readKMZ reads the first .kml inside a KMZ (doc.kml by convention).
func readKMZ(b []byte, o Options) (*Dataset, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a KMZ (zip) file: %v", ErrFormat, err)
	}
	var chosen *zip.File
	for i, f := range zr.File {
		if i == maxZipMembers {
			break
		}
		if strings.EqualFold(path.Ext(f.Name), ".kml") && (chosen == nil || path.Base(f.Name) == "doc.kml") {
			chosen = f
		}
	}
	if chosen == nil {
		return nil, fmt.Errorf("%w: the KMZ holds no .kml", ErrFormat)
	}
	rc, err := chosen.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: KMZ %s: %v", ErrFormat, chosen.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, o.Limits.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: KMZ %s: %v", ErrFormat, chosen.Name, err)
	}
	if int64(len(data)) > o.Limits.MaxBytes {
		return nil, fmt.Errorf("%w: the KMZ unpacks to more than %d bytes", ErrFormat, o.Limits.MaxBytes)
	}
	d, err := readKML(data, o)
	if d != nil {
		d.Format = FormatKMZ
	}
	return d, err
}

func placemarkFeature(pm *kmlPlacemark) (*geojson.Feature, error) {
	g, err := kmlGeom(&pm.kmlGeometry, 0)
	if err != nil {
		return nil, err
	}
	f := &geojson.Feature{Type: "Feature", Geometry: g, Properties: geojson.Properties{}}
	if pm.ID != "" {
		f.ID = pm.ID
	}
	if pm.Name != nil {
		f.Properties["name"] = strings.TrimSpace(*pm.Name)
	}
	if pm.Description != nil && strings.TrimSpace(*pm.Description) != "" {
		f.Properties["description"] = strings.TrimSpace(*pm.Description)
	}
	for _, dd := range pm.Extended.Data {
		f.Properties[dd.Name] = dd.Value
	}
	for _, sd := range pm.Extended.SchemaData {
		for _, s := range sd.SimpleData {
			f.Properties[s.Name] = s.Value
		}
	}
	return f, nil
}

// kmlGeom turns the geometry elements into one orb geometry: a lone
// element as itself, polygons only as a MultiPolygon, lines only as a
// MultiLineString, anything else as a Collection; nil when there is none.
func kmlGeom(k *kmlGeometry, depth int) (orb.Geometry, error) {
	if depth > maxKMLDepth {
		return nil, fmt.Errorf("MultiGeometry nested more than %d deep", maxKMLDepth)
	}
	var polys orb.MultiPolygon
	var lines orb.MultiLineString
	var all orb.Collection
	for _, p := range k.Polygons {
		outer, err := kmlCoords(p.Outer.Ring.Coordinates)
		if err != nil {
			return nil, err
		}
		poly := orb.Polygon{orb.Ring(outer)}
		for _, in := range p.Inner {
			r, err := kmlCoords(in.Ring.Coordinates)
			if err != nil {
				return nil, err
			}
			poly = append(poly, orb.Ring(r))
		}
		polys = append(polys, poly)
		all = append(all, poly)
	}
	for _, l := range k.LineStrings {
		ls, err := kmlCoords(l.Coordinates)
		if err != nil {
			return nil, err
		}
		lines = append(lines, orb.LineString(ls))
		all = append(all, orb.LineString(ls))
	}
	for _, r := range k.LinearRings {
		ls, err := kmlCoords(r.Coordinates)
		if err != nil {
			return nil, err
		}
		all = append(all, orb.Polygon{orb.Ring(ls)})
	}
	for _, p := range k.Points {
		pts, err := kmlCoords(p.Coordinates)
		if err != nil {
			return nil, err
		}
		if len(pts) != 1 {
			return nil, fmt.Errorf("a Point has %d coordinates", len(pts))
		}
		all = append(all, pts[0])
	}
	for i := range k.MultiGeometry {
		g, err := kmlGeom(&k.MultiGeometry[i], depth+1)
		if err != nil {
			return nil, err
		}
		switch v := g.(type) {
		case nil:
		case orb.Polygon:
			polys = append(polys, v)
			all = append(all, v)
		case orb.MultiPolygon:
			polys = append(polys, v...)
			for _, p := range v {
				all = append(all, p)
			}
		default:
			all = append(all, v)
		}
	}
	switch {
	case len(all) == 0:
		return nil, nil
	case len(all) == 1:
		return all[0], nil
	case len(polys) == len(all):
		return polys, nil
	case len(lines) == len(all):
		return lines, nil
	}
	return all, nil
}

// kmlCoords parses "lon,lat[,alt] lon,lat[,alt] …".
func kmlCoords(s string) ([]orb.Point, error) {
	fields := strings.Fields(s)
	pts := make([]orb.Point, 0, len(fields))
	for _, t := range fields {
		parts := strings.Split(t, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("bad coordinate %q (want lon,lat[,alt])", t)
		}
		lon, err1 := strconv.ParseFloat(parts[0], 64)
		lat, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad coordinate %q", t)
		}
		pts = append(pts, orb.Point{lon, lat})
	}
	return pts, nil
}
