package tiles

import (
	"github.com/paulmach/orb"
	"google.golang.org/protobuf/encoding/protowire"
)

// MVT 2.1 command ids and geometry types.
const (
	cmdMoveTo    = 1
	cmdLineTo    = 2
	cmdClosePath = 7

	geomPoint      = 1
	geomLineString = 2
	geomPolygon    = 3
)

// geomWriter writes one feature's geometry as MVT commands, packed
// varints ready to be copied into the feature, keeping the cursor the
// spec's delta encoding runs from. A ring drawn from a level copies the
// level's pre-encoded deltas (see level) instead of writing them point by
// point: on a low-zoom tile over large polygons that is most of the tile.
type geomWriter struct {
	buf    []byte
	cx, cy int32
}

// geomMark is a writer state to roll back to.
type geomMark struct {
	n      int
	cx, cy int32
}

func (w *geomWriter) reset()              { w.buf, w.cx, w.cy = w.buf[:0], 0, 0 }
func (w *geomWriter) mark() geomMark      { return geomMark{len(w.buf), w.cx, w.cy} }
func (w *geomWriter) rollback(m geomMark) { w.buf, w.cx, w.cy = w.buf[:m.n], m.cx, m.cy }

func (w *geomWriter) command(id, count int) {
	w.buf = protowire.AppendVarint(w.buf, uint64(uint32(id&7|count<<3)))
}

// to writes the point (x, y) as a delta from the cursor and moves it.
func (w *geomWriter) to(x, y int32) {
	w.buf = protowire.AppendVarint(w.buf, uint64(zigzag(x-w.cx)))
	w.buf = protowire.AppendVarint(w.buf, uint64(zigzag(y-w.cy)))
	w.cx, w.cy = x, y
}

// zigzag is the spec's parameter encoding of a signed delta.
func zigzag(d int32) uint32 { return uint32(d<<1) ^ uint32(d>>31) }

// points writes a MoveTo of pts (integer tile units).
func (w *geomWriter) points(pts []orb.Point) {
	w.command(cmdMoveTo, len(pts))
	for _, p := range pts {
		w.to(int32(p[0]), int32(p[1]))
	}
}

// line writes l (at least two points) as a MoveTo and a LineTo.
func (w *geomWriter) line(l orb.LineString) {
	w.command(cmdMoveTo, 1)
	w.to(int32(l[0][0]), int32(l[0][1]))
	w.command(cmdLineTo, len(l)-1)
	for _, p := range l[1:] {
		w.to(int32(p[0]), int32(p[1]))
	}
}

// ring writes the closed ring r (tile units) as MoveTo, LineTo and
// ClosePath.
func (w *geomWriter) ring(r orb.Ring) {
	w.command(cmdMoveTo, 1)
	w.to(int32(r[0][0]), int32(r[0][1]))
	w.command(cmdLineTo, len(r)-2)
	for _, p := range r[1 : len(r)-1] {
		w.to(int32(p[0]), int32(p[1]))
	}
	w.command(cmdClosePath, 1)
}

// levelRing writes the level lv, which lies inside the tile whose
// top-left corner is (x0, y0) in world units.
func (w *geomWriter) levelRing(lv *level, x0, y0 int32) {
	w.command(cmdMoveTo, 1)
	w.to(lv.first[0]-x0, lv.first[1]-y0)
	w.command(cmdLineTo, int(lv.n)-1)
	w.buf = append(w.buf, lv.deltas...)
	w.command(cmdClosePath, 1)
	w.cx, w.cy = lv.last[0]-x0, lv.last[1]-y0
}

// tileWriter writes an MVT 2.1 tile layer by layer with
// google.golang.org/protobuf's wire helpers: the layer's features as
// they are drawn, then its keys and values. It replaces orb/encoding/mvt
// for rendered tiles, which builds a protobuf object per feature, turns
// every coordinate into a uint32 and sizes and marshals the lot again:
// on a low-zoom tile of large polygons that was half the rendering time.
// Properties are written in key order and keys and values numbered in
// order of first use, as orb does.
type tileWriter struct {
	out      []byte   // the finished layers
	layer    blockBuf // the current layer's features
	tags     []byte   // the current feature's packed tags
	keys     []string
	keyIdx   map[string]uint64
	values   []byte // the current layer's Value messages, each with its field tag
	nValues  uint64
	valueIdx map[mvtValue]uint64
	props    []prop // the feature being written
}

func newTileWriter() *tileWriter {
	return &tileWriter{keyIdx: map[string]uint64{}, valueIdx: map[mvtValue]uint64{}}
}

// feature adds a feature with id, properties props (sorted by key),
// geometry type typ and the commands geom to the current layer.
func (w *tileWriter) feature(id uint64, props []prop, typ int, geom []byte) {
	w.tags = w.tags[:0]
	for i, p := range props {
		// Features of a layer mostly share one key set, so key i of this
		// feature is most often key number i: a string compare, not a
		// map lookup.
		var ki uint64
		ok := i < len(w.keys) && w.keys[i] == p.key
		if ok {
			ki = uint64(i)
		} else {
			ki, ok = w.keyIdx[p.key]
		}
		if !ok {
			ki = uint64(len(w.keys))
			w.keys = append(w.keys, p.key)
			w.keyIdx[p.key] = ki
		}
		w.tags = protowire.AppendVarint(w.tags, ki)
		w.tags = protowire.AppendVarint(w.tags, w.value(p.val))
	}
	size := protowire.SizeTag(1) + protowire.SizeVarint(id) +
		protowire.SizeTag(2) + protowire.SizeBytes(len(w.tags)) +
		protowire.SizeTag(3) + protowire.SizeVarint(uint64(typ)) +
		protowire.SizeTag(4) + protowire.SizeBytes(len(geom))
	l := w.layer.tail(protowire.SizeTag(2) + protowire.SizeBytes(size))
	l = protowire.AppendTag(l, 2, protowire.BytesType)
	l = protowire.AppendVarint(l, uint64(size))
	l = protowire.AppendTag(l, 1, protowire.VarintType)
	l = protowire.AppendVarint(l, id)
	l = protowire.AppendTag(l, 2, protowire.BytesType)
	l = protowire.AppendBytes(l, w.tags)
	l = protowire.AppendTag(l, 3, protowire.VarintType)
	l = protowire.AppendVarint(l, uint64(typ))
	l = protowire.AppendTag(l, 4, protowire.BytesType)
	w.layer.set(protowire.AppendBytes(l, geom))
}

// value returns the index of v in the layer's values, adding it.
func (w *tileWriter) value(v mvtValue) uint64 {
	if i, ok := w.valueIdx[v]; ok {
		return i
	}
	// The Value message goes straight into w.values: its size first, by
	// the same cases that write it.
	num := protowire.Number(v.field)
	var size int
	switch v.field {
	case 1:
		size = protowire.SizeBytes(len(v.s))
	case 2:
		size = protowire.SizeFixed32()
	case 3:
		size = protowire.SizeFixed64()
	case 6:
		size = protowire.SizeVarint(protowire.EncodeZigZag(int64(v.bits)))
	default: // 5 uint, 7 bool
		size = protowire.SizeVarint(v.bits)
	}
	b := protowire.AppendTag(w.values, 4, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(protowire.SizeTag(num)+size))
	switch v.field {
	case 1:
		b = protowire.AppendTag(b, num, protowire.BytesType)
		b = protowire.AppendString(b, v.s)
	case 2:
		b = protowire.AppendTag(b, num, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, uint32(v.bits))
	case 3:
		b = protowire.AppendTag(b, num, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, v.bits)
	case 6:
		b = protowire.AppendTag(b, num, protowire.VarintType)
		b = protowire.AppendVarint(b, protowire.EncodeZigZag(int64(v.bits)))
	default:
		b = protowire.AppendTag(b, num, protowire.VarintType)
		b = protowire.AppendVarint(b, v.bits)
	}
	w.values = b
	i := w.nValues
	w.nValues++
	w.valueIdx[v] = i
	return i
}

// endLayer closes the current layer, named name with extent extent, if it
// holds a feature, and starts the next one.
func (w *tileWriter) endLayer(name string, extent uint32) {
	if w.layer.len() > 0 {
		size := protowire.SizeTag(15) + protowire.SizeVarint(2) +
			protowire.SizeTag(1) + protowire.SizeBytes(len(name)) +
			w.layer.len() + len(w.values) +
			protowire.SizeTag(5) + protowire.SizeVarint(uint64(extent))
		for _, k := range w.keys {
			size += protowire.SizeTag(3) + protowire.SizeBytes(len(k))
		}
		o := w.out
		if o == nil { // the tile is returned, so it is allocated afresh, once for most tiles
			o = make([]byte, 0, protowire.SizeTag(3)+protowire.SizeBytes(size))
		}
		o = protowire.AppendTag(o, 3, protowire.BytesType)
		o = protowire.AppendVarint(o, uint64(size))
		o = protowire.AppendTag(o, 15, protowire.VarintType)
		o = protowire.AppendVarint(o, 2)
		o = protowire.AppendTag(o, 1, protowire.BytesType)
		o = protowire.AppendString(o, name)
		o = w.layer.appendTo(o)
		for _, k := range w.keys {
			o = protowire.AppendTag(o, 3, protowire.BytesType)
			o = protowire.AppendString(o, k)
		}
		o = append(o, w.values...)
		o = protowire.AppendTag(o, 5, protowire.VarintType)
		w.out = protowire.AppendVarint(o, uint64(extent))
	}
	w.discard()
}

// discard drops the current layer (not the finished ones).
func (w *tileWriter) discard() {
	w.layer.reset()
	w.values, w.keys, w.nValues = w.values[:0], w.keys[:0], 0
	clear(w.keyIdx)
	clear(w.valueIdx)
}
