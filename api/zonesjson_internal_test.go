package api

import (
	"bytes"
	"math"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
)

// oldZonesAt is the answer as GET /v1/zones/at wrote it before
// wire.AppendZonesAt: encoding/json through wire.WriteJSON.
func oldZonesAt(p orb.Point, at time.Time, zones []*geo.Zone) []byte {
	rec := httptest.NewRecorder()
	wire.WriteJSON(rec, 200, newZonesAtResponse(p, at, zones))
	return rec.Body.Bytes()
}

// TestAppendZonesAtMatchesEncodingJSON: the hand-written answer has the
// bytes encoding/json wrote, for odd names, times and numbers too.
func TestAppendZonesAtMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	cst := time.FixedZone("CST", 8*3600)
	names := []string{"", "尧都区", "a\"b\\c", "tab\there\nnl\r\x01\x1f", "<&>", "\u2028\u2029", "bad\xff\xfeutf8", "emoji 🚚", "\x7f"}
	times := []time.Time{{}, time.Date(2020, 11, 1, 8, 0, 0, 0, cst), time.Date(2021, 3, 15, 0, 0, 0, 123456789, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, cst)}
	points := []orb.Point{{111.5186, 36.088}, {0, -0.0}, {-180, 90}, {1e-7, -1e-7}, {123.456789012345, 1e-6}, {179.99999999999997, 5e-324}}
	n := 0
	for i, name := range names {
		for j, at := range times {
			for k, p := range points {
				var zones []*geo.Zone
				for m := range (i + j + k) % 4 {
					zones = append(zones, &geo.Zone{Layer: "coal_ban", Kind: geo.KindCoalBan, ID: name + "-id", Name: name,
						Version: int64(m*1000 - 1), Validity: geo.Validity{From: times[(j+m)%len(times)], To: times[(j+m+1)%len(times)]}})
				}
				got, ok := wire.AppendZonesAt(nil, p, at, zones)
				want := oldZonesAt(p, at, zones)
				if !ok || !bytes.Equal(got, want) {
					t.Fatalf("name %q at %v point %v: ok %v\n got %s\nwant %s", name, at, p, ok, got, want)
				}
				n++
			}
		}
	}
	// What encoding/json refuses is reported, so the handler falls back.
	if _, ok := wire.AppendZonesAt(nil, orb.Point{math.NaN(), 0}, times[1], nil); ok {
		t.Fatal("NaN accepted")
	}
	if _, ok := wire.AppendZonesAt(nil, points[0], time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), nil); ok {
		t.Fatal("year 10000 accepted")
	}
}

// FuzzAppendZonesAt compares the hand-written answer with encoding/json's
// for any name and numbers.
func FuzzAppendZonesAt(f *testing.F) {
	f.Add("尧都区", "cb-141002", 111.5186, 36.088, int64(3), int64(1604188800))
	f.Add("a\"\\\x00\u2028\xff", "", 1e-7, -1e21, int64(-1), int64(0))
	f.Fuzz(func(t *testing.T, name, id string, lon, lat float64, version, unix int64) {
		at := time.Unix(unix%(1<<40), unix%1e9).In(time.FixedZone("X", int(unix%50000)))
		zones := []*geo.Zone{{Layer: name, Kind: geo.Kind(id), ID: id, Name: name, Version: version, Validity: geo.Validity{From: at}}}
		got, ok := wire.AppendZonesAt(nil, orb.Point{lon, lat}, at, zones)
		if !ok {
			return // encoding/json refuses it too (NaN, year past 9999)
		}
		if want := oldZonesAt(orb.Point{lon, lat}, at, zones); !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}
