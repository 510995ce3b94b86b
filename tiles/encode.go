package tiles

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
)

// The properties every feature carries. A zone property with one of these
// names is shadowed by the zonegate value.
const (
	PropID        = "id"
	PropName      = "name"
	PropKind      = "kind"
	PropLayer     = "layer"
	PropVersion   = "version"
	PropValidFrom = "valid_from" // RFC 3339 in UTC; absent when open
	PropValidTo   = "valid_to"   // RFC 3339 in UTC; absent when open
)

// Encode renders tile t of tileset ts from the zones of src active at at
// with options o, as Renderer.Encode does, but keeps nothing between
// calls: a server should hold one Renderer instead.
func Encode(src Source, ts Tileset, t maptile.Tile, at time.Time, o Options) ([]byte, error) {
	r := Renderer{o: o.withDefaults()}
	return r.Encode(src, ts, t, at)
}

// FeatureID returns the MVT feature id of zone id in layer: FNV-1a-64 of
// "layer\x00id" masked to 53 bits.
func FeatureID(layer, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(layer))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return h.Sum64() & (1<<53 - 1)
}

// properties returns the feature properties of z: the zone's own scalar
// properties (nested values JSON-encoded as strings, nulls left out), then
// the zonegate ones, which win on a name clash.
func properties(z *geo.Zone) geojson.Properties {
	p := make(geojson.Properties, len(z.Properties)+7)
	for k, v := range z.Properties {
		if v = scalar(v); v != nil {
			p[k] = v
		}
	}
	p[PropID] = z.ID
	p[PropName] = z.Name
	p[PropKind] = string(z.Kind)
	p[PropLayer] = z.Layer
	p[PropVersion] = z.Version
	if !z.Validity.From.IsZero() {
		p[PropValidFrom] = z.Validity.From.UTC().Format(time.RFC3339)
	}
	if !z.Validity.To.IsZero() {
		p[PropValidTo] = z.Validity.To.UTC().Format(time.RFC3339)
	}
	return p
}

// scalar returns v if MVT can hold it as a value, its JSON text for
// anything else, and nil for nil.
func scalar(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case string, bool, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
}
