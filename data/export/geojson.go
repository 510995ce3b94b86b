package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/geo"
)

// WriteGeoJSON writes l as an RFC 7946 FeatureCollection named after the
// layer, one feature per zone: the zone id as the Feature id, the
// properties name, valid_from, valid_to and the zone's own (with their
// JSON types). In a CRS other than EPSG:4326 the collection carries a
// "crs" member naming it (urn:ogc:def:crs:EPSG::4546), as GDAL writes,
// and coordinates are easting, northing.
func WriteGeoJSON(w io.Writer, l Layer, o Options) error {
	o = o.withDefaults()
	bw := bufio.NewWriter(w)
	head := map[string]any{"type": "FeatureCollection", "name": l.Layer.ID}
	fmt.Fprintf(bw, `{"type":"FeatureCollection","name":%s,`, mustJSON(head["name"]))
	if o.CRS.EPSG != WGS84.EPSG {
		fmt.Fprintf(bw, `"crs":{"type":"name","properties":{"name":%s}},`, mustJSON(o.CRS.URN()))
	}
	bw.WriteString("\"features\":[\n")
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i, z := range l.Zones {
		if i > 0 {
			bw.WriteString(",")
		}
		if err := enc.Encode(geoJSONFeature(z, o)); err != nil {
			return fmt.Errorf("geojson: zone %s: %w", z.ID, err)
		}
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	return nil
}

type geoJSONFeatureOut struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Geometry   *geojson.Geometry `json:"geometry"`
	Properties map[string]any    `json:"properties"`
}

func geoJSONFeature(z *geo.Zone, o Options) geoJSONFeatureOut {
	props := make(map[string]any, len(z.Properties)+3)
	for k, v := range z.Properties {
		props[k] = v
	}
	props[colID] = z.ID
	props[colName] = z.Name
	props[colValidFrom] = timeValue(z.Validity.From, o.Location)
	props[colValidTo] = timeValue(z.Validity.To, o.Location)
	var g *geojson.Geometry
	if z.Geometry != nil {
		g = geojson.NewGeometry(project(z.Geometry, o.CRS))
	}
	return geoJSONFeatureOut{Type: "Feature", ID: z.ID, Geometry: g, Properties: props}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `""`
	}
	return string(b)
}
