package ogc

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/geo"
)

// featureJSON is one zone version as a GeoJSON Feature (RFC 7946) in the OGC
// API: the id is the zone id, the geometry is in CRS84 (lon/lat), and the
// properties are the zone's own plus the reserved members set by
// featureProperties. Every endpoint that answers a feature (items, one
// item, and the transactions' answers) builds it with encodeFeature.
type featureJSON struct {
	Type       string            `json:"type"` // always "Feature"
	ID         string            `json:"id"`
	Geometry   *geojson.Geometry `json:"geometry"`
	Properties map[string]any    `json:"properties"`
	Links      []linkJSON        `json:"links,omitempty"`
}

// reservedProperties are the property names zonegate sets on every feature;
// they win over a zone property of the same name.
var reservedProperties = []string{"name", "kind", "layer", "version", "valid_from", "valid_to", "status"}

// encodeFeature encodes zone version z. The zone (shared with the index) is
// not modified.
func encodeFeature(z *geo.Zone) featureJSON {
	var g *geojson.Geometry
	if z.Geometry != nil {
		g = geojson.NewGeometry(z.Geometry)
	}
	return featureJSON{Type: "Feature", ID: z.ID, Geometry: g, Properties: featureProperties(z)}
}

// featureProperties merges the zone's own properties with the reserved
// members: name, kind, layer, version, valid_from and valid_to (RFC 3339,
// null when open) and status.
func featureProperties(z *geo.Zone) map[string]any {
	p := make(map[string]any, len(z.Properties)+len(reservedProperties))
	for k, v := range z.Properties {
		p[k] = v
	}
	p["name"] = z.Name
	p["kind"] = z.Kind
	p["layer"] = z.Layer
	p["version"] = z.Version
	p["valid_from"] = rfc3339OrNil(z.Validity.From)
	p["valid_to"] = rfc3339OrNil(z.Validity.To)
	p["status"] = z.Status
	return p
}

func rfc3339OrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// itemETag is the entity tag of a zone version: layer/id/version, quoted.
// Ids are [A-Za-z0-9_.-] (geo.ValidateID), so nothing needs escaping. The
// transactions' If-Match compares against it.
func itemETag(z *geo.Zone) string {
	return `"` + z.Layer + "/" + z.ID + "/" + strconv.FormatInt(z.Version, 10) + `"`
}

// itemURL is the address of one feature of a collection.
func itemURL(base, layer, id string) string {
	return base + "/collections/" + url.PathEscape(layer) + "/items/" + url.PathEscape(id)
}

// writeGeoJSON answers v as application/geo+json.
func writeGeoJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", geoJSONType)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// An encode error means the client went away mid-answer.
	_ = enc.Encode(v)
}
