package jt808

import (
	"bytes"
	"encoding/hex"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// annotated decodes the first word of each line as hex; the rest of the
// line is a comment.
func annotated(t *testing.T, s string) []byte {
	t.Helper()
	var words []string
	for _, line := range strings.Split(s, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			words = append(words, f[0])
		}
	}
	b, err := hex.DecodeString(strings.Join(words, ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGoldenMessage checks every byte of one message against the 2019
// field table, computed by hand (field by field below); the serial number
// 0x7E7D forces both escapes.
func TestGoldenMessage(t *testing.T) {
	a := Area{
		ID:       1,
		Start:    time.Date(2020, 11, 1, 0, 0, 0, 0, GMT8),
		End:      time.Date(2021, 3, 15, 0, 0, 0, 0, GMT8),
		Vertices: [][2]float64{{111.5, 36.0}, {111.6, 36.0}, {111.6, 36.1}},
		Name:     "禁煤",
	}
	body, err := Body(a)
	if err != nil {
		t.Fatal(err)
	}
	wantBody := annotated(t, `
		00000001                 区域ID 1
		0001                     区域属性: bit 0 根据时间
		201101000000             起始时间 2020-11-01 00:00:00 (BCD, GMT+8)
		210315000000             结束时间 2021-03-15 00:00:00
		0003                     区域总顶点数 3
		0225510006A55AE0         纬度 36.000000 = 36000000, 经度 111.500000 = 111500000
		0225510006A6E180         36.000000, 111.600000
		0226D7A006A6E180         36.100000, 111.600000
		0004                     名称长度 4
		BDFBC3BA                 区域名称 "禁煤" in GBK`)
	if !bytes.Equal(body, wantBody) {
		t.Fatalf("body\n got %X\nwant %X", body, wantBody)
	}
	msg, err := Frame(MsgSetPolygonArea, "13800138000", 0x7E7D, body)
	if err != nil {
		t.Fatal(err)
	}
	want := annotated(t, `
		7E                       标识位
		8604                     消息ID
		4032                     消息体属性: bit 14 版本标识, body length 50 (0x32)
		01                       协议版本号 1
		00000000013800138000     终端手机号 BCD[10]
		7D027D01                 消息流水号 0x7E7D, escaped
		00000001000120110100000021031500000000030225510006A55AE00225510006A6E1800226D7A006A6E1800004BDFBC3BA
		2D                       校验码: XOR of header and body (computed by hand)
		7E                       标识位`)
	if !bytes.Equal(msg, want) {
		t.Fatalf("message\n got %X\nwant %X", msg, want)
	}
}

func TestChecksumEscaped(t *testing.T) {
	// A body whose checksum comes out as 0x7E must send it as 7D 02.
	body := []byte{0}
	raw, _ := Frame(MsgSetPolygonArea, "1", 0, body)
	var sum byte
	for _, c := range unescape(raw[1 : len(raw)-1]) {
		sum ^= c
	}
	if sum != 0 {
		t.Fatalf("XOR over header, body and checksum is %#x, want 0", sum)
	}
	body[0] = 0x7E ^ unescape(raw[1 : len(raw)-1])[len(unescape(raw[1:len(raw)-1]))-1]
	msg, _ := Frame(MsgSetPolygonArea, "1", 0, body)
	if !bytes.HasSuffix(msg, []byte{0x7D, 0x02, 0x7E}) {
		t.Fatalf("checksum 0x7E not escaped: %X", msg)
	}
	if bytes.Count(msg, []byte{0x7E}) != 2 {
		t.Fatalf("0x7E inside the frame: %X", msg)
	}
}

func unescape(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0x7D && i+1 < len(b) {
			out = append(out, 0x7C+b[i+1])
			i++
			continue
		}
		out = append(out, b[i])
	}
	return out
}

func TestBodyWithoutTimeAndOpenEnd(t *testing.T) {
	a := Area{ID: 0x01020304, Vertices: [][2]float64{{1, 1}, {2, 1}, {2, 2}}}
	body, _ := Body(a)
	if got := hex.EncodeToString(body[:8]); got != "0102030400000003" {
		t.Errorf("no validity: head %s, want id, attributes 0, count 3 (no time fields)", got)
	}
	a.Start = time.Date(2020, 10, 15, 0, 0, 0, 0, GMT8)
	body, _ = Body(a)
	if got := hex.EncodeToString(body[4:18]); got != "0001"+"201015000000"+"991231235959" {
		t.Errorf("open end: %s, want the end as 2099-12-31 23:59:59", got)
	}
}

func TestPhoneAndLimits(t *testing.T) {
	if _, err := PhoneBCD("1380013800a"); err == nil {
		t.Error("a letter in the phone number is accepted")
	}
	if _, err := PhoneBCD("123456789012345678901"); err == nil {
		t.Error("21 digits accepted")
	}
	if got := MaxVertices(4, true); got != 124 { // (1023 − 10 − 4 − 12) / 8
		t.Errorf("MaxVertices = %d, want 124", got)
	}
	many := make([][2]float64, 125)
	for i := range many {
		many[i] = [2]float64{111 + float64(i)*1e-3, 36}
	}
	if _, err := Body(Area{Vertices: many, Name: "禁煤", Start: time.Now()}); err == nil {
		t.Error("125 vertices fit one body")
	}
}

func TestAreasSimplifyToTheLimit(t *testing.T) {
	// A 400-vertex circle of about 5 km around Linfen, with a hole, and a
	// second part.
	var ring orb.Ring
	for i := 0; i < 400; i++ {
		a := float64(i) / 400 * 2 * 3.141592653589793
		ring = append(ring, orb.Point{111.5 + 0.05*cos(a), 36.08 + 0.04*sin(a)})
	}
	ring = append(ring, ring[0])
	hole := orb.Ring{{111.5, 36.08}, {111.5, 36.09}, {111.51, 36.09}, {111.5, 36.08}}
	z := &geo.Zone{ID: "c", Name: "尧都", Validity: geo.Validity{To: time.Date(2021, 3, 15, 0, 0, 0, 0, GMT8)},
		Geometry: orb.MultiPolygon{{ring, hole}, {{{112, 36}, {112.1, 36}, {112.1, 36.1}, {112, 36}}}}}
	areas, reports, err := Areas("coal_ban", []*geo.Zone{z}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 2 || len(areas[0].Vertices) > 50 || len(areas[0].Vertices) < 45 {
		t.Fatalf("areas %d, vertices %d", len(areas), len(areas[0].Vertices))
	}
	r := reports[0]
	if r.VerticesIn != 400 || r.HolesDropped != 1 || !r.Valid || r.ToleranceM <= 0 || r.ToleranceM > 50 {
		t.Errorf("report %v", r)
	}
	if reports[1].ToleranceM != 0 || reports[1].VerticesOut != 3 || areas[1].Name != "尧都 (2/2)" {
		t.Errorf("second part %v %q", reports[1], areas[1].Name)
	}
	if areas[0].ID != AreaID("coal_ban", "c", 1) || areas[1].ID == areas[0].ID {
		t.Errorf("area ids %d %d", areas[0].ID, areas[1].ID)
	}
}

func cos(a float64) float64 { return math.Cos(a) }
func sin(a float64) float64 { return math.Sin(a) }

// FuzzFrame: any area that encodes gives one frame with no 0x7E inside,
// whose unescaped bytes XOR to zero and whose length field is the body's.
func FuzzFrame(f *testing.F) {
	f.Add([]byte{0x7e, 0x7d, 1, 2, 3, 4, 5, 6}, "禁煤区", uint16(0x7e7d), int64(1604160000))
	f.Fuzz(func(t *testing.T, coords []byte, name string, serial uint16, start int64) {
		a := Area{ID: 0x7e7d7e7d, Name: name}
		if start%3 != 0 {
			a.Start = time.Unix(start%4e9, 0)
		}
		for i := 0; i+1 < len(coords); i += 2 {
			a.Vertices = append(a.Vertices, [2]float64{float64(coords[i]) * 0.7, float64(coords[i+1]) * 0.35})
		}
		body, err := Body(a)
		if err != nil {
			return
		}
		msg, err := Frame(MsgSetPolygonArea, "13800138000", serial, body)
		if err != nil {
			t.Fatal(err)
		}
		if msg[0] != 0x7e || msg[len(msg)-1] != 0x7e || bytes.Count(msg, []byte{0x7e}) != 2 {
			t.Fatalf("not one frame: %X", msg)
		}
		raw := unescape(msg[1 : len(msg)-1])
		var sum byte
		for _, c := range raw {
			sum ^= c
		}
		if sum != 0 || int(raw[2]&0x03)<<8|int(raw[3]) != len(body) || !bytes.Equal(raw[17:len(raw)-1], body) {
			t.Fatalf("frame %X for body %X", msg, body)
		}
	})
}
