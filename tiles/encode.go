package tiles

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

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
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(layer); i++ {
		h = (h ^ uint64(layer[i])) * prime
	}
	h *= prime // the 0 byte
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * prime
	}
	return h & (1<<53 - 1)
}

// prop is one feature property: its key and its MVT value.
type prop struct {
	key string
	val mvtValue
}

// mvtValue is a property value as MVT types it. It is comparable, so a
// tile numbers distinct values without boxing them.
type mvtValue struct {
	field uint8  // the Value message's field: 1 string, 2 float, 3 double, 5 uint, 6 sint, 7 bool
	s     string // string
	bits  uint64 // the number's bits (int64 for sint), 0 or 1 for bool
}

// valueOf returns v (a value scalar returns) as an MVT value typed as orb
// types it, or false for any other type.
func valueOf(v any) (mvtValue, bool) {
	switch v := v.(type) {
	case string:
		return mvtValue{field: 1, s: v}, true
	case float32:
		return mvtValue{field: 2, bits: uint64(math.Float32bits(v))}, true
	case float64:
		return mvtValue{field: 3, bits: math.Float64bits(v)}, true
	case int:
		return sint(int64(v)), true
	case int8:
		return sint(int64(v)), true
	case int16:
		return sint(int64(v)), true
	case int32:
		return sint(int64(v)), true
	case int64:
		return sint(v), true
	case uint:
		return mvtValue{field: 5, bits: uint64(v)}, true
	case uint8:
		return mvtValue{field: 5, bits: uint64(v)}, true
	case uint16:
		return mvtValue{field: 5, bits: uint64(v)}, true
	case uint32:
		return mvtValue{field: 5, bits: uint64(v)}, true
	case uint64:
		return mvtValue{field: 5, bits: v}, true
	case bool:
		if v {
			return mvtValue{field: 7, bits: 1}, true
		}
		return mvtValue{field: 7}, true
	}
	return mvtValue{}, false
}

func sint(v int64) mvtValue { return mvtValue{field: 6, bits: uint64(v)} }

// appendProps appends to dst the feature properties of z sorted by key and
// returns dst: the zone's own scalar properties (nested values
// JSON-encoded as strings, nulls left out), and the zonegate ones, which
// shadow a zone property of the same name.
func appendProps(dst []prop, z *geo.Zone) ([]prop, error) {
	from, to := !z.Validity.From.IsZero(), !z.Validity.To.IsZero()
	base := len(dst)
	for k, v := range z.Properties {
		switch {
		case k == PropID || k == PropName || k == PropKind || k == PropLayer || k == PropVersion,
			k == PropValidFrom && from, k == PropValidTo && to:
			continue
		}
		if v = scalar(v); v == nil {
			continue
		}
		mv, ok := valueOf(v)
		if !ok {
			return dst, fmt.Errorf("property %s: cannot encode a %T as an MVT value", k, v)
		}
		dst = append(dst, prop{k, mv})
	}
	own := len(dst) > base
	// In key order, so a zone with no properties of its own (most small
	// ones, drawn on the spot) needs no sort.
	dst = append(dst,
		prop{PropID, mvtValue{field: 1, s: z.ID}},
		prop{PropKind, mvtValue{field: 1, s: string(z.Kind)}},
		prop{PropLayer, mvtValue{field: 1, s: z.Layer}},
		prop{PropName, mvtValue{field: 1, s: z.Name}})
	if from {
		dst = append(dst, prop{PropValidFrom, mvtValue{field: 1, s: z.Validity.From.UTC().Format(time.RFC3339)}})
	}
	if to {
		dst = append(dst, prop{PropValidTo, mvtValue{field: 1, s: z.Validity.To.UTC().Format(time.RFC3339)}})
	}
	dst = append(dst, prop{PropVersion, sint(z.Version)})
	if own {
		slices.SortFunc(dst[base:], func(a, b prop) int { return strings.Compare(a.key, b.key) })
	}
	return dst, nil
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
