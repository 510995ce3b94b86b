package tiles

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// DefaultPreparedBytes bounds the per-zone data a Renderer keeps, about
// 7–8 bytes per vertex of large rings (1 for run boxes, 4 for
// significance, about 2 for levels): 64 MiB covers some 9 million
// vertices (130 MiB of coordinates) before entries are evicted. The heavy
// benchmark set (2.2 million vertices) takes about 16 MiB.
const DefaultPreparedBytes = 64 << 20

// Renderer renders tiles with fixed options and keeps, per zone, derived
// data that makes later renderings cheaper: the bounding boxes of every
// ring of a polygon with a ring of more than 32 edges and of every run of
// 32 edges, so a tile steps over the parts of large polygons that lie off
// it instead of reading every vertex; for rings of more than 128 edges
// each vertex's Douglas–Peucker significance, so the ring is simplified
// for any zoom by a comparison per vertex, and the ring drawn once per
// zoom level for the low zooms where that keeps at most 3/4 of its
// vertices (see level), so a low-zoom tile copies a few pre-encoded
// vertices per ring; and for zones with properties of their own or a
// validity, their feature properties, sorted, so no tile formats them
// again. Other zones (small, with only the zone's own fields) are drawn
// on the spot as cheaply, and never prepared (worthPreparing).
//
// The data is keyed by *geo.Zone, which the index never modifies (a new
// version is a new *geo.Zone), so it is never stale; it takes about 7–8
// bytes per vertex of a large ring (half of the 16 bytes of its
// coordinates), its total is bounded by DefaultPreparedBytes, and entries
// (of replaced zones too) are evicted at random when the bound is
// reached. The first rendering that meets a zone prepares it (about 0.25
// ms per 1,000 vertices), unless the Source is a snapshot of an index
// built with index.WithDeriver(Derive): such an index prepares zones as
// it indexes them, so no tile pays for it, and the renderer prepares
// zones only for options other than the defaults. Tiles are the same as
// Encode renders them. Safe for concurrent use; create it with
// NewRenderer.
type Renderer struct {
	o      Options
	prep   *preparedCache
	frames frameList // idle frames, whose scratch buffers renderings reuse
}

// layerAt is the position in the tileset of the first layer named id.
func (s *scratch) layerAt(id string) int { return slices.Index(s.layerIDs, id) }

// derivedSource is a Source that also hands over the data Derive made
// for each zone when it was indexed (an index.Snapshot of an index built
// with index.WithDeriver(Derive)).
type derivedSource interface {
	SearchDerived(b orb.Bound, q index.Query, fn func(z *geo.Zone, data any) bool)
}

// zoneData is a zone to draw, its prepared rings (nil until looked up in
// the renderer's cache) and the position in the tileset of its layer.
type zoneData struct {
	z     *geo.Zone
	pz    *preparedZone
	layer int
}

// NewRenderer returns a renderer with options o (zero fields take their
// defaults) and a per-zone cache of DefaultPreparedBytes.
func NewRenderer(o Options) *Renderer {
	return &Renderer{o: o.withDefaults(), prep: newPreparedCache(DefaultPreparedBytes), frames: newFrameList()}
}

// Options returns the renderer's options with defaults applied; NewKey
// with them keys the renderer's tiles.
func (r *Renderer) Options() Options { return r.o }

// PreparedStats returns the number of zones whose derived data the
// renderer holds and its approximate size in bytes.
func (r *Renderer) PreparedStats() (zones int, bytes int64) {
	if r.prep == nil {
		return 0, 0
	}
	return r.prep.stats()
}

// Encode renders tile t of tileset ts from the zones of src active at at:
// one MVT layer per tileset layer that has something to draw (named by the
// layer id, version 2, extent Options().Extent), features sorted by zone
// id. It returns the uncompressed tile; an empty result (len 0) means the
// tile has nothing to draw. An invalid tile address is an error wrapping
// geo.ErrInvalid.
//
// Each feature's MVT id is FNV-1a-64 of "layer\x00id" reduced to 53 bits
// (so JavaScript numbers hold it exactly): stable across versions of a zone
// and across tiles, so a client can match a zone's pieces in neighbouring
// tiles. Collisions are possible in principle; the "id" and "layer"
// properties are the zone's true identity.
func (r *Renderer) Encode(src Source, ts Tileset, t maptile.Tile, at time.Time) ([]byte, error) {
	if t.Z > MaxZoom || !t.Valid() {
		return nil, fmt.Errorf("%w: tile %d/%d/%d is outside the tile grid (zoom 0-%d)", geo.ErrInvalid, t.Z, t.X, t.Y, MaxZoom)
	}
	if len(ts.Layers) == 0 {
		return nil, nil
	}
	o := r.o
	f := r.frames.get()
	f.reset(t, o)
	defer func() {
		f.arena = f.arena[:0]
		clear(f.zones) // an idle frame must not keep zones alive
		f.zones = f.zones[:0]
		r.frames.put(f)
	}()
	f.layerIDs = f.layerIDs[:0]
	for _, l := range ts.Layers {
		f.layerIDs = append(f.layerIDs, l.ID)
	}
	// The zones with the position of their layer in ts, in tile order: by
	// layer, id, version.
	q := index.Query{At: at, Layers: f.layerIDs}
	if ds, ok := src.(derivedSource); ok {
		ds.SearchDerived(f.clip, q, func(z *geo.Zone, d any) bool {
			pz, _ := d.(*preparedZone)
			f.zones = append(f.zones, zoneData{z, pz, f.layerAt(z.Layer)})
			return true
		})
	} else {
		src.Search(f.clip, q, func(z *geo.Zone) bool {
			f.zones = append(f.zones, zoneData{z: z, layer: f.layerAt(z.Layer)})
			return true
		})
	}
	zs := f.zones
	slices.SortFunc(zs, func(a, b zoneData) int {
		if a.layer != b.layer {
			return a.layer - b.layer
		}
		if c := strings.Compare(a.z.ID, b.z.ID); c != 0 {
			return c
		}
		return int(a.z.Version - b.z.Version)
	})
	if f.tile == nil {
		f.tile = newTileWriter()
	}
	w := f.tile
	defer func() { w.out = nil }()
	for _, l := range ts.Layers {
		first := f.layerAt(l.ID) // a layer named twice is drawn twice
		lo, _ := slices.BinarySearchFunc(zs, first, func(zd zoneData, layer int) int { return zd.layer - layer })
		hi := lo
		for hi < len(zs) && zs[hi].layer == first {
			hi++
		}
		if lo == hi {
			continue
		}
		for _, zd := range zs[lo:hi] {
			z, pz := zd.z, zd.pz
			if pz == nil || pz.spec != f.spec { // derived for other options: levels would differ
				pz = nil
				if worthPreparing(z) {
					pz = r.prep.get(z, r.o)
				}
			}
			typ := f.draw(z.Geometry, pz)
			if typ == 0 {
				continue
			}
			var props []prop
			var err error
			if pz != nil {
				props, err = pz.props, pz.propsErr
			} else {
				props, err = appendProps(w.props[:0], z)
				w.props = props
			}
			if err != nil {
				w.discard()
				return nil, fmt.Errorf("encode tile %d/%d/%d: zone %s: %w", t.Z, t.X, t.Y, z.ID, err)
			}
			w.feature(FeatureID(z.Layer, z.ID), props, typ, f.geom.buf)
		}
		w.endLayer(l.ID, o.Extent)
	}
	if len(w.out) == 0 {
		return nil, nil
	}
	return w.out, nil
}
