package sourcefile

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb/geojson"
)

// readGeoJSON reads a FeatureCollection and its "crs" member (GeoJSON
// 2008, as GDAL writes for data not in WGS84: {"type":"name","properties":
// {"name":"urn:ogc:def:crs:EPSG::4546"}}).
func readGeoJSON(b []byte, o Options) (*Dataset, error) {
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%w: not a GeoJSON FeatureCollection: %v", ErrFormat, err)
	}
	if len(fc.Features) > o.Limits.MaxFeatures {
		return nil, fmt.Errorf("%w: %d features, more than the limit of %d", ErrFormat, len(fc.Features), o.Limits.MaxFeatures)
	}
	d := &Dataset{Format: FormatGeoJSON, Features: fc.Features}
	if name, ok := fc.ExtraMembers["name"].(string); ok {
		d.Table = name
	}
	if c, ok := fc.ExtraMembers["crs"]; ok {
		var member struct {
			Type       string `json:"type"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		}
		raw, _ := json.Marshal(c)
		if err := json.Unmarshal(raw, &member); err != nil || member.Properties.Name == "" {
			return nil, fmt.Errorf("%w: the \"crs\" member is not {\"type\":\"name\",\"properties\":{\"name\":...}}", ErrFormat)
		}
		d.CRS, d.CRSFrom = member.Properties.Name, "GeoJSON crs member"
	}
	return d, nil
}
