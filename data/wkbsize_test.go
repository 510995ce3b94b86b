package data_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/zonegate/zonegate/data"
)

func TestCheckWKBSize(t *testing.T) {
	poly, err := wkb.Marshal(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, binary.LittleEndian)
	if err != nil {
		t.Fatal(err)
	}
	// The same polygon as PostGIS EWKB with SRID 4326: SRID flag in the
	// type word, then the SRID before the body.
	ewkb := append([]byte{1}, binary.LittleEndian.AppendUint32(nil, 3|0x20000000)...)
	ewkb = binary.LittleEndian.AppendUint32(ewkb, 4326)
	ewkb = append(ewkb, poly[5:]...)
	// A 3D ISO point (type 1001): three coordinates.
	pointZ := append([]byte{1}, binary.LittleEndian.AppendUint32(nil, 1001)...)
	pointZ = append(pointZ, make([]byte, 24)...)
	corrupt := append([]byte(nil), poly...)
	binary.LittleEndian.PutUint32(corrupt[9:], 1<<30) // rings count

	for _, tc := range []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"ISO polygon", poly, true},
		{"EWKB polygon with SRID", ewkb, true},
		{"ISO point Z", pointZ, true},
		{"truncated", poly[:len(poly)-1], false},
		{"trailing byte", append(append([]byte(nil), poly...), 0), false},
		{"corrupt count", corrupt, false},
		{"unknown type", append([]byte{1}, binary.LittleEndian.AppendUint32(nil, 9)...), false},
		{"empty", nil, false},
	} {
		err := data.CheckWKBSize(tc.b)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, data.ErrMalformedWKB)) {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
