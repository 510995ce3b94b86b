// Package jt808 encodes zones as JT/T 808-2019 messages 0x8604 (设置多边形区域,
// set polygon area), the way truck terminals on the national freight
// platform receive areas, and writes them as hex, one message per line.
//
// Version and fields: JT/T 808-2019, table "设置多边形区域消息体数据格式"
// (the 0x8604 body) and the message header of the 2019 edition. The field
// order was checked against the 2019 field list as implemented by the
// open-source SmallChi/JT808 library (src/JT808.Protocol/MessageBody/
// JT808_0x8604.cs, 2019 branch) and the protocol summary "JT808
// Communication Protocol and Data Format" (framing, escaping, checksum).
// The body is:
//
//	offset  field                 type      here
//	0       区域 ID area id        DWORD     see Zone
//	4       区域属性 attributes     WORD      bit 0 (by time) when the zone's validity is bounded;
//	                                        bit 6/7 for south/west; bit 1 (speed) never set
//	6       起始时间 start time     BCD[6]    YYMMDDhhmmss, GMT+8; only when bit 0
//	12      结束时间 end time       BCD[6]    only when bit 0
//	        最高速度 / 超速持续时间   WORD/BYTE only when bit 1: never written
//	        区域总顶点数 vertices     WORD
//	        顶点项 per vertex        DWORD lat, DWORD lon, degrees × 10⁶ (absolute values)
//	        夜间最高速度 night speed WORD      only when bit 1: never written
//	        名称长度 name length     WORD      bytes of the name (2019)
//	        区域名称 name            STRING    GBK (2019)
//
// The header (2019) is message id WORD 0x8604, body attributes WORD
// (bits 0–9 body length, 10–12 encryption 0, 13 subpackage 0, 14 version
// flag 1), protocol version BYTE 1, terminal phone BCD[10] (20 digits,
// left-padded with 0), serial number WORD. The checksum BYTE is the XOR of
// header and body; then 0x7d becomes 0x7d 0x01 and 0x7e becomes 0x7d 0x02
// in header, body and checksum, and the message is framed by 0x7e. All
// words are big-endian. Without subpackaging a body holds at most 1023
// bytes, which bounds the vertices of one message (see MaxVertices).
package jt808

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Protocol constants of JT/T 808-2019.
const (
	MsgSetPolygonArea = 0x8604
	ProtocolVersion   = 1 // the 2019 edition's first protocol version
	MaxBodyLength     = 1<<10 - 1
	flag              = 0x7e
	escape            = 0x7d
	versionFlagBit    = 1 << 14
	phoneDigits       = 20
	coordScale        = 1e6
)

// Area attribute bits (区域属性).
const (
	AttrByTime = 1 << 0 // start and end time apply
	AttrSpeed  = 1 << 1 // speed limit fields present (never set here)
	AttrSouth  = 1 << 6 // latitudes are south
	AttrWest   = 1 << 7 // longitudes are west
)

// Body sizes of the fixed fields.
const (
	fixedBodyBytes = 4 + 2 + 2 + 2 // id, attributes, vertex count, name length
	timeBytes      = 6 + 6
	vertexBytes    = 8
)

// GMT8 is the time zone of JT/T 808 times.
var GMT8 = time.FixedZone("GMT+8", 8*3600)

// Area is one polygon area as 0x8604 carries it.
type Area struct {
	ID         uint32
	Attributes uint16       // AttrByTime is set by Body when Start or End is set
	Start, End time.Time    // zero when the area applies at all times
	Vertices   [][2]float64 // lon, lat in degrees; the ring is not closed
	Name       string       // encoded as GBK
}

// ErrEncode is wrapped by every error for an area that cannot be encoded.
var ErrEncode = errors.New("jt808: cannot encode")

// NameBytes returns the GBK encoding of name; characters outside GBK
// become "?".
func NameBytes(name string) []byte {
	b, err := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder()).Bytes([]byte(name))
	if err != nil {
		return []byte{}
	}
	return b
}

// MaxVertices is the most vertices a message can carry for an area of
// that name (GBK bytes) and time flag within one 1023-byte body.
func MaxVertices(nameBytes int, byTime bool) int {
	room := MaxBodyLength - fixedBodyBytes - nameBytes
	if byTime {
		room -= timeBytes
	}
	return max(0, room/vertexBytes)
}

// Body encodes a's 0x8604 message body.
func Body(a Area) ([]byte, error) {
	attr := a.Attributes &^ (AttrByTime | AttrSpeed | AttrSouth | AttrWest)
	byTime := !a.Start.IsZero() || !a.End.IsZero()
	if byTime {
		attr |= AttrByTime
	}
	if len(a.Vertices) < 3 {
		return nil, fmt.Errorf("%w: area %d has %d vertices, a polygon needs 3", ErrEncode, a.ID, len(a.Vertices))
	}
	south, west := a.Vertices[0][1] < 0, a.Vertices[0][0] < 0
	for _, v := range a.Vertices {
		if (v[1] < 0) != south || (v[0] < 0) != west {
			return nil, fmt.Errorf("%w: area %d crosses the equator or the prime meridian (the hemisphere is one flag per area)", ErrEncode, a.ID)
		}
		if math.IsNaN(v[0]) || math.IsNaN(v[1]) || math.Abs(v[0]) > 180 || math.Abs(v[1]) > 90 {
			return nil, fmt.Errorf("%w: area %d has vertex %v outside longitude/latitude", ErrEncode, a.ID, v)
		}
	}
	if south {
		attr |= AttrSouth
	}
	if west {
		attr |= AttrWest
	}
	name := NameBytes(a.Name)
	if len(a.Vertices) > MaxVertices(len(name), byTime) {
		return nil, fmt.Errorf("%w: area %d: %d vertices do not fit one message (at most %d with this name)",
			ErrEncode, a.ID, len(a.Vertices), MaxVertices(len(name), byTime))
	}
	var b bytes.Buffer
	put(&b, a.ID)
	put(&b, attr)
	if byTime {
		start, end := a.Start, a.End
		if start.IsZero() {
			start = minBCDTime
		}
		if end.IsZero() {
			end = maxBCDTime
		}
		b.Write(BCDTime(start))
		b.Write(BCDTime(end))
	}
	put(&b, uint16(len(a.Vertices)))
	for _, v := range a.Vertices {
		put(&b, uint32(math.Round(math.Abs(v[1])*coordScale)))
		put(&b, uint32(math.Round(math.Abs(v[0])*coordScale)))
	}
	put(&b, uint16(len(name)))
	b.Write(name)
	return b.Bytes(), nil
}

// The range of a BCD YYMMDDhhmmss time (years 2000–2099): an open start
// is written as the first, an open end as the last.
var (
	minBCDTime = time.Date(2000, 1, 1, 0, 0, 0, 0, GMT8)
	maxBCDTime = time.Date(2099, 12, 31, 23, 59, 59, 0, GMT8)
)

// BCDTime encodes t in GMT+8 as BCD[6] YYMMDDhhmmss, clamped to
// 2000–2099.
func BCDTime(t time.Time) []byte {
	t = t.In(GMT8)
	if t.Before(minBCDTime) {
		t = minBCDTime
	}
	if t.After(maxBCDTime) {
		t = maxBCDTime
	}
	out := make([]byte, 6)
	for i, v := range []int{t.Year() % 100, int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second()} {
		out[i] = byte(v/10<<4 | v%10)
	}
	return out
}

// PhoneBCD encodes a terminal phone number (digits only, at most 20) as
// BCD[10], left-padded with zeros.
func PhoneBCD(phone string) ([]byte, error) {
	if phone == "" || len(phone) > phoneDigits {
		return nil, fmt.Errorf("%w: terminal phone %q must have 1 to %d digits", ErrEncode, phone, phoneDigits)
	}
	digits := make([]byte, phoneDigits)
	for i := range digits {
		digits[i] = '0'
	}
	copy(digits[phoneDigits-len(phone):], phone)
	out := make([]byte, phoneDigits/2)
	for i := range out {
		hi, lo := digits[2*i], digits[2*i+1]
		if hi < '0' || hi > '9' || lo < '0' || lo > '9' {
			return nil, fmt.Errorf("%w: terminal phone %q must be digits only", ErrEncode, phone)
		}
		out[i] = (hi-'0')<<4 | (lo - '0')
	}
	return out, nil
}

// Frame builds the complete 2019 message: header (id, body attributes
// with the version flag, protocol version, phone, serial), body,
// checksum, escaped and framed by 0x7e.
func Frame(msgID uint16, phone string, serial uint16, body []byte) ([]byte, error) {
	if len(body) > MaxBodyLength {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds %d (subpackaging is not implemented)", ErrEncode, len(body), MaxBodyLength)
	}
	ph, err := PhoneBCD(phone)
	if err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	put(&raw, msgID)
	put(&raw, uint16(versionFlagBit|len(body)))
	raw.WriteByte(ProtocolVersion)
	raw.Write(ph)
	put(&raw, serial)
	raw.Write(body)
	var sum byte
	for _, c := range raw.Bytes() {
		sum ^= c
	}
	raw.WriteByte(sum)
	out := make([]byte, 0, raw.Len()+8)
	out = append(out, flag)
	for _, c := range raw.Bytes() {
		switch c {
		case flag:
			out = append(out, escape, 0x02)
		case escape:
			out = append(out, escape, 0x01)
		default:
			out = append(out, c)
		}
	}
	return append(out, flag), nil
}

func put(b *bytes.Buffer, v any) { _ = binary.Write(b, binary.BigEndian, v) }
