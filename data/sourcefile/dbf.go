package sourcefile

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// dbfField is one column of a dBASE table.
type dbfField struct {
	name     string
	typ      byte // C text, N/F number, L logical, D date
	length   int
	decimals int
}

// dbfTable is a parsed .dbf: its columns, language driver byte and raw
// records (each without its deletion flag).
type dbfTable struct {
	fields   []dbfField
	ldid     byte
	records  [][]byte
	deleted  []bool
	rawNames [][]byte
}

// parseDBF reads a dBASE III table, checking the header's counts against
// the bytes present before slicing any record.
func parseDBF(b []byte, maxRecords int) (*dbfTable, error) {
	if len(b) < 32 {
		return nil, fmt.Errorf("%w: .dbf of %d bytes is too short", ErrFormat, len(b))
	}
	n := int(binary.LittleEndian.Uint32(b[4:8]))
	headerLen := int(binary.LittleEndian.Uint16(b[8:10]))
	recLen := int(binary.LittleEndian.Uint16(b[10:12]))
	t := &dbfTable{ldid: b[29]}
	if headerLen < 33 || headerLen > len(b) || recLen < 1 {
		return nil, fmt.Errorf("%w: .dbf header length %d / record length %d do not fit its %d bytes", ErrFormat, headerLen, recLen, len(b))
	}
	if n > maxRecords {
		return nil, fmt.Errorf("%w: .dbf holds %d records, more than the limit of %d", ErrFormat, n, maxRecords)
	}
	if int64(n)*int64(recLen) > int64(len(b)-headerLen) {
		return nil, fmt.Errorf("%w: .dbf claims %d records of %d bytes but has %d bytes", ErrFormat, n, recLen, len(b)-headerLen)
	}
	width := 1 // the deletion flag
	for off := 32; off+32 <= headerLen && b[off] != 0x0d; off += 32 {
		d := b[off : off+32]
		raw := d[:11]
		if i := indexByte(raw, 0); i >= 0 {
			raw = raw[:i]
		}
		f := dbfField{typ: d[11], length: int(d[16]), decimals: int(d[17])}
		if f.typ == 'C' {
			f.length += int(d[17]) << 8 // long text fields use the decimal byte as the high byte
			f.decimals = 0
		}
		width += f.length
		t.fields = append(t.fields, f)
		t.rawNames = append(t.rawNames, raw)
	}
	if width > recLen {
		return nil, fmt.Errorf("%w: .dbf fields are %d bytes wide but records are %d", ErrFormat, width, recLen)
	}
	t.records = make([][]byte, n)
	t.deleted = make([]bool, n)
	for i := range n {
		r := b[headerLen+i*recLen : headerLen+(i+1)*recLen]
		t.deleted[i] = r[0] == '*'
		t.records[i] = r[1:]
	}
	return t, nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// textEncoding chooses how DBF text is decoded: the explicit option, then
// the .cpg, then the language driver byte, else UTF-8. It returns the
// decoder (nil for UTF-8) and a description for the report.
func textEncoding(option, cpg string, ldid byte) (encoding.Encoding, string, error) {
	if option != "" {
		e, name, ok := encodingByName(option)
		if !ok {
			return nil, "", fmt.Errorf("%w: unknown encoding %q (want gbk, big5 or utf-8)", ErrFormat, option)
		}
		return e, name + " (--encoding)", nil
	}
	if c := strings.TrimSpace(cpg); c != "" {
		e, name, ok := encodingByName(c)
		if !ok {
			return nil, "", fmt.Errorf("%w: the .cpg names code page %q, which zonegate does not know; pass --encoding gbk or utf-8", ErrFormat, c)
		}
		return e, name + " (.cpg " + c + ")", nil
	}
	switch ldid {
	case 0x4d, 0x7a: // code page 936, "Chinese GBK (PRC)"
		return simplifiedchinese.GBK, "GBK (DBF language driver 0x" + strconv.FormatUint(uint64(ldid), 16) + ")", nil
	case 0x4f, 0x78: // code page 950
		return traditionalchinese.Big5, "Big5 (DBF language driver 0x" + strconv.FormatUint(uint64(ldid), 16) + ")", nil
	}
	return nil, "UTF-8 (no .cpg or language driver)", nil
}

// encodingByName maps a .cpg or --encoding name to an encoding; nil is
// UTF-8.
func encodingByName(s string) (encoding.Encoding, string, bool) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.TrimPrefix(strings.TrimPrefix(n, "ansi "), "cp")
	switch n {
	case "utf-8", "utf8", "65001":
		return nil, "UTF-8", true
	case "gbk", "936", "gb2312", "gb18030", "54936":
		if n == "gb18030" || n == "54936" {
			return simplifiedchinese.GB18030, "GB18030", true
		}
		return simplifiedchinese.GBK, "GBK", true
	case "big5", "950":
		return traditionalchinese.Big5, "Big5", true
	case "1252", "windows-1252", "latin1", "iso-8859-1", "88591", "8859_1":
		return charmap.Windows1252, "Windows-1252", true
	case "utf-16":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "UTF-16", true
	}
	return nil, "", false
}

// decodeText turns DBF bytes into a string, trimming the padding; with no
// encoding the bytes must be UTF-8.
func decodeText(b []byte, e encoding.Encoding) (string, error) {
	b = trimPadding(b)
	if e == nil {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("%w: text %q is not UTF-8 and the file names no encoding (no .cpg): pass --encoding gbk (or the file's code page)", ErrFormat, b)
		}
		return string(b), nil
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("%w: text %q: %v", ErrFormat, b, err)
	}
	return string(out), nil
}

func trimPadding(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == 0) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return b
}

// properties decodes record i into a property map: text as strings,
// numbers as float64 (an empty or unparsable number as nil), logicals as
// bool, dates as "YYYY-MM-DD".
func (t *dbfTable) properties(i int, e encoding.Encoding, names []string) (map[string]any, error) {
	r := t.records[i]
	props := make(map[string]any, len(t.fields))
	off := 0
	for j, f := range t.fields {
		raw := r[off : off+f.length]
		off += f.length
		switch f.typ {
		case 'N', 'F':
			s := string(trimPadding(raw))
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				props[names[j]] = v
			} else {
				props[names[j]] = nil
			}
		case 'L':
			switch trimPadding(raw) {
			case nil:
				props[names[j]] = nil
			default:
				c := trimPadding(raw)
				if len(c) == 0 {
					props[names[j]] = nil
				} else {
					props[names[j]] = strings.ContainsRune("TtYy", rune(c[0]))
				}
			}
		case 'D':
			s := string(trimPadding(raw))
			if len(s) == 8 {
				s = s[:4] + "-" + s[4:6] + "-" + s[6:]
			}
			if s == "" {
				props[names[j]] = nil
			} else {
				props[names[j]] = s
			}
		default:
			s, err := decodeText(raw, e)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", names[j], err)
			}
			props[names[j]] = s
		}
	}
	return props, nil
}
