package tiles

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
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

// Encode renders tile t of tileset ts from the zones of src active at at:
// one MVT layer per tileset layer that has something to draw (named by the
// layer id, version 2, extent o.Extent), features sorted by zone id. It
// returns the uncompressed tile; an empty result (len 0) means the tile has
// nothing to draw. An invalid tile address is an error wrapping
// geo.ErrInvalid.
//
// Each feature's MVT id is FNV-1a-64 of "layer\x00id" reduced to 53 bits
// (so JavaScript numbers hold it exactly): stable across versions of a zone
// and across tiles, so a client can match a zone's pieces in neighbouring
// tiles. Collisions are possible in principle; the "id" and "layer"
// properties are the zone's true identity.
func Encode(src Source, ts Tileset, t maptile.Tile, at time.Time, o Options) ([]byte, error) {
	if t.Z > MaxZoom || !t.Valid() {
		return nil, fmt.Errorf("%w: tile %d/%d/%d is outside the tile grid (zoom 0-%d)", geo.ErrInvalid, t.Z, t.X, t.Y, MaxZoom)
	}
	o = o.withDefaults()
	if len(ts.Layers) == 0 {
		return nil, nil
	}
	f := newFrame(t, o)
	byLayer := make(map[string][]*geo.Zone, len(ts.Layers))
	src.Search(f.clip, index.Query{At: at, Layers: ts.LayerIDs()}, func(z *geo.Zone) bool {
		byLayer[z.Layer] = append(byLayer[z.Layer], z)
		return true
	})
	var layers mvt.Layers
	for _, l := range ts.Layers {
		zs := byLayer[l.ID]
		if len(zs) == 0 {
			continue
		}
		slices.SortFunc(zs, func(a, b *geo.Zone) int {
			if c := strings.Compare(a.ID, b.ID); c != 0 {
				return c
			}
			return int(a.Version - b.Version)
		})
		feats := make([]*geojson.Feature, 0, len(zs))
		for _, z := range zs {
			g := f.geometry(z.Geometry)
			if g == nil {
				continue
			}
			feats = append(feats, &geojson.Feature{ID: FeatureID(z.Layer, z.ID), Geometry: g, Properties: properties(z)})
		}
		if len(feats) > 0 {
			layers = append(layers, &mvt.Layer{Name: l.ID, Version: 2, Extent: o.Extent, Features: feats})
		}
	}
	if len(layers) == 0 {
		return nil, nil
	}
	b, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("encode tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return b, nil
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
