package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/paulmach/orb"
	kml "github.com/twpayne/go-kml/v3"
)

// WriteKML writes l as a KML 2.2 Document (built with go-kml): a Folder
// named after the layer holding one Placemark per zone with its id, name,
// ExtendedData (one Data per non-empty attribute but the name) and the geometry as a
// Polygon, or a MultiGeometry for several parts. KML is WGS 84 by
// definition: o.CRS must be geographic (4326 or 4490).
func WriteKML(w io.Writer, l Layer, o Options) error {
	o = o.withDefaults()
	if !o.CRS.Geographic {
		return fmt.Errorf("%w: KML is always longitude/latitude (WGS 84); %s cannot be written as KML", ErrUnsupported, o.CRS.Name)
	}
	cols := Columns(l.Zones)
	title := l.Layer.Title
	if title == "" {
		title = l.Layer.ID
	}
	folder := kml.Folder(kml.Name(title))
	if l.Layer.Description != "" {
		folder.Append(kml.Description(l.Layer.Description))
	}
	for _, z := range l.Zones {
		data := make([]kml.Element, 0, len(cols))
		for _, c := range cols {
			v := value(z, c, o.Location)
			if v == nil || c.Name == colName { // the name is the Placemark's <name>
				continue
			}
			data = append(data, kml.Data(c.Name, kml.Value(text(v))))
		}
		pm := kml.Placemark(kml.Name(z.Name), kml.ExtendedData(data...))
		if g := kmlGeometry(z.Geometry); g != nil {
			pm.Append(g)
		}
		folder.Append(pm)
	}
	doc := kml.KML(kml.Document(kml.Name(l.Layer.ID), folder))
	bw := bufio.NewWriter(w)
	if err := doc.WriteIndent(bw, "", " "); err != nil {
		return fmt.Errorf("kml: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("kml: %w", err)
	}
	return nil
}

func kmlGeometry(g orb.Geometry) kml.Element {
	switch g := g.(type) {
	case orb.Point:
		return kml.Point(kml.Coordinates(kmlCoord(g)))
	case orb.MultiPoint:
		m := kml.MultiGeometry()
		for _, p := range g {
			m.Append(kml.Point(kml.Coordinates(kmlCoord(p))))
		}
		return m
	case orb.LineString:
		return kml.LineString(kml.Coordinates(kmlCoords(g)...))
	case orb.MultiLineString:
		m := kml.MultiGeometry()
		for _, ls := range g {
			m.Append(kml.LineString(kml.Coordinates(kmlCoords(ls)...)))
		}
		return m
	case orb.Polygon:
		return kmlPolygon(g)
	case orb.MultiPolygon:
		if len(g) == 1 {
			return kmlPolygon(g[0])
		}
		m := kml.MultiGeometry()
		for _, p := range g {
			m.Append(kmlPolygon(p))
		}
		return m
	}
	return nil
}

func kmlPolygon(p orb.Polygon) kml.Element {
	poly := kml.Polygon()
	for i, r := range p {
		ring := kml.LinearRing(kml.Coordinates(kmlCoords(closeRing(r))...))
		if i == 0 {
			poly.Append(kml.OuterBoundaryIs(ring))
		} else {
			poly.Append(kml.InnerBoundaryIs(ring))
		}
	}
	return poly
}

func kmlCoord(p orb.Point) kml.Coordinate { return kml.Coordinate{Lon: p[0], Lat: p[1]} }

func kmlCoords(ps []orb.Point) []kml.Coordinate {
	out := make([]kml.Coordinate, len(ps))
	for i, p := range ps {
		out[i] = kmlCoord(p)
	}
	return out
}
