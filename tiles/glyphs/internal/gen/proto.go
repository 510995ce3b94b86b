package main

// The glyph PBF protocol (mapboxgl.glyphs): glyphs{1: fontstack{1: name,
// 2: range, 3: glyph{1: id, 2: bitmap, 3: width, 4: height, 5: left
// (sint32), 6: top (sint32), 7: advance}}}.

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendKey(b []byte, field, wire int) []byte { return appendVarint(b, uint64(field<<3|wire)) }

func appendUint(b []byte, field int, v uint64) []byte { return appendVarint(appendKey(b, field, 0), v) }

func appendSint(b []byte, field int, v int64) []byte {
	return appendVarint(appendKey(b, field, 0), uint64((v<<1)^(v>>63)))
}

func appendBytes(b []byte, field int, v []byte) []byte {
	return append(appendVarint(appendKey(b, field, 2), uint64(len(v))), v...)
}

func encodeGlyph(id rune, bitmap []byte, w, h, left, top, advance int) []byte {
	var b []byte
	b = appendUint(b, 1, uint64(id))
	if len(bitmap) > 0 {
		b = appendBytes(b, 2, bitmap)
	}
	b = appendUint(b, 3, uint64(w))
	b = appendUint(b, 4, uint64(h))
	b = appendSint(b, 5, int64(left))
	b = appendSint(b, 6, int64(top))
	b = appendUint(b, 7, uint64(advance))
	return b
}

func fontstack(name, rng string, glyphs [][]byte) []byte {
	var s []byte
	s = appendBytes(s, 1, []byte(name))
	s = appendBytes(s, 2, []byte(rng))
	for _, g := range glyphs {
		s = appendBytes(s, 3, g)
	}
	return appendBytes(nil, 1, s)
}
