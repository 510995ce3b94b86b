package export

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zonegate/zonegate/geo"
)

// DBF (dBASE III) layout constants.
const (
	dbfVersion      = 0x03
	dbfHeaderSize   = 32
	dbfFieldSize    = 32
	dbfMaxName      = 10 // bytes, in the file's encoding
	dbfMaxText      = 254
	dbfIntWidth     = 18
	dbfRealWidth    = 24
	dbfRealDecimals = 15
	dbfLangCP936    = 0x4D // language driver id of code page 936 (GBK)
	dbfEnd          = 0x1A
	dbfHeaderEnd    = 0x0D
)

// DBFField is how one attribute column is stored in the DBF.
type DBFField struct {
	Column   string // the attribute name
	Name     string // the DBF field name (at most 10 bytes encoded)
	Type     byte   // 'C' text, 'N' number, 'L' logical
	Width    int
	Decimals int
}

// DBFFields maps columns to DBF fields. A name longer than 10 bytes in
// enc is cut at a character boundary to fit; a name that then equals
// (ignoring case) one already taken has its end replaced by _1, _2, … —
// so the mapping depends only on the sorted column list. Text fields are
// as wide as their longest value (1…254 bytes); integers are N(18,0),
// reals N(24,15), booleans L.
func DBFFields(cols []Column, zones []*geo.Zone, enc Encoding, loc *time.Location) ([]DBFField, error) {
	e := textEncoder(enc)
	taken := map[string]bool{}
	fields := make([]DBFField, len(cols))
	for i, c := range cols {
		name, err := dbfName(c.Name, e, taken)
		if err != nil {
			return nil, err
		}
		f := DBFField{Column: c.Name, Name: name}
		switch c.Type {
		case Integer:
			f.Type, f.Width = 'N', dbfIntWidth
		case Real:
			f.Type, f.Width, f.Decimals = 'N', dbfRealWidth, dbfRealDecimals
		case Bool:
			f.Type, f.Width = 'L', 1
		default:
			f.Type, f.Width = 'C', 1
			for _, z := range zones {
				b, _ := encodeText(e, text(value(z, c, loc)))
				f.Width = max(f.Width, min(len(b), dbfMaxText))
			}
		}
		fields[i] = f
	}
	return fields, nil
}

func dbfName(col string, e *encoding.Encoder, taken map[string]bool) (string, error) {
	name := fitBytes(col, e, dbfMaxName)
	if name == "" {
		name = "field"
	}
	for n := 1; taken[strings.ToUpper(name)]; n++ {
		suffix := "_" + strconv.Itoa(n)
		name = fitBytes(col, e, dbfMaxName-len(suffix)) + suffix
	}
	taken[strings.ToUpper(name)] = true
	return name, nil
}

// fitBytes returns the longest prefix of s whose encoding is at most n
// bytes.
func fitBytes(s string, e *encoding.Encoder, n int) string {
	for len(s) > 0 {
		b, _ := encodeText(e, s)
		if len(b) <= n {
			return s
		}
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

func textEncoder(enc Encoding) *encoding.Encoder {
	if enc == GBK {
		return encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder())
	}
	return nil
}

func encodeText(e *encoding.Encoder, s string) ([]byte, error) {
	if e == nil {
		return []byte(s), nil
	}
	return e.Bytes([]byte(s))
}

// writeDBF encodes the attribute table of zones as a dBASE III file.
func writeDBF(zones []*geo.Zone, o Options) ([]byte, ShapefileInfo, error) {
	cols := Columns(zones)
	fields, err := DBFFields(cols, zones, o.Encoding, o.Location)
	if err != nil {
		return nil, ShapefileInfo{}, err
	}
	info := ShapefileInfo{Fields: fields}
	e := textEncoder(o.Encoding)
	recordLen := 1
	for _, f := range fields {
		recordLen += f.Width
	}
	headerLen := dbfHeaderSize + dbfFieldSize*len(fields) + 1
	if headerLen > 0xFFFF || recordLen > 0xFFFF {
		return nil, info, fmt.Errorf("%w: %d attributes do not fit a DBF record", ErrUnsupported, len(fields))
	}
	var b bytes.Buffer
	now := time.Now()
	head := make([]byte, dbfHeaderSize)
	head[0] = dbfVersion
	head[1], head[2], head[3] = byte(now.Year()-1900), byte(now.Month()), byte(now.Day())
	binary.LittleEndian.PutUint32(head[4:], uint32(len(zones)))
	binary.LittleEndian.PutUint16(head[8:], uint16(headerLen))
	binary.LittleEndian.PutUint16(head[10:], uint16(recordLen))
	if o.Encoding == GBK {
		head[29] = dbfLangCP936
	}
	b.Write(head)
	for _, f := range fields {
		d := make([]byte, dbfFieldSize)
		name, _ := encodeText(e, f.Name)
		copy(d[:dbfMaxName], name)
		d[11] = f.Type
		d[16], d[17] = byte(f.Width), byte(f.Decimals)
		b.Write(d)
	}
	b.WriteByte(dbfHeaderEnd)
	for _, z := range zones {
		b.WriteByte(' ')
		for i, f := range fields {
			cell, cut := dbfCell(f, value(z, cols[i], o.Location), e)
			if cut {
				info.Truncated++
			}
			b.Write(cell)
		}
	}
	b.WriteByte(dbfEnd)
	return b.Bytes(), info, nil
}

// dbfCell formats v for field f: exactly f.Width bytes, and whether text
// had to be cut.
func dbfCell(f DBFField, v any, e *encoding.Encoder) ([]byte, bool) {
	cell := bytes.Repeat([]byte{' '}, f.Width)
	if v == nil {
		if f.Type == 'L' {
			cell[0] = '?'
		}
		return cell, false
	}
	switch f.Type {
	case 'L':
		if v == true {
			cell[0] = 'T'
		} else {
			cell[0] = 'F'
		}
	case 'N':
		var s string
		switch n := v.(type) {
		case int64:
			s = strconv.FormatInt(n, 10)
		case float64:
			s = strconv.FormatFloat(n, 'f', f.Decimals, 64)
			if len(s) > f.Width {
				s = strconv.FormatFloat(n, 'e', f.Width-8, 64)
			}
		}
		if len(s) <= f.Width {
			copy(cell[f.Width-len(s):], s)
		}
	default:
		s := text(v)
		raw, _ := encodeText(e, s)
		cut := false
		if len(raw) > f.Width {
			raw, _ = encodeText(e, fitBytes(s, e, f.Width))
			cut = true
		}
		copy(cell, raw)
		return cell, cut
	}
	return cell, false
}
