package glyphs

import (
	"bytes"
	"errors"
	"testing"
)

func TestRange(t *testing.T) {
	t.Parallel()
	latin, err := Range("DejaVu Sans Book,Noto Sans Regular", "0-255")
	if err != nil {
		t.Fatal(err)
	}
	// The range holds the stack name, and a glyph message for '7' (id 55):
	// field 1 varint 55 right after a glyph's length prefix.
	if !bytes.Contains(latin, []byte(Fontstack)) || len(latin) < 10000 {
		t.Errorf("0-255: %d bytes, want the DejaVu glyphs", len(latin))
	}
	empty, err := Range("Any Font", "19968-20223")
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x0a, 0x17, 0x0a, 0x08, 'A', 'n', 'y', ' ', 'F', 'o', 'n', 't', 0x12, 0x0b}
	want = append(want, "19968-20223"...)
	if !bytes.Equal(empty, want) {
		t.Errorf("empty CJK range = %x, want %x", empty, want)
	}
	for _, bad := range []string{"1-256", "0-254", "65536-65791", "x-255", "", "-256-0"} {
		if _, err := Range(Fontstack, bad); !errors.Is(err, ErrBadRange) {
			t.Errorf("Range(%q) error = %v, want ErrBadRange", bad, err)
		}
	}
}
