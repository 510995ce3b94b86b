package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// A check journal file starts with a header, then holds frames, one per
// LogInspections call, so a call's records are replayed all or none:
//
//	header:    "ZGJ1", uint64 LE epoch, uint32 LE CRC-32C of the 12 bytes before
//	frame:     uint32 LE  payload length
//	           uint32 LE  CRC-32C (Castagnoli) of the epoch (8 bytes LE), then the payload
//	payload:   uvarint record count, then per record:
//	           uvarint id, then the inspection columns (sqlrow.InspectionColumns
//	           order) with station_known as one byte (0 or 1) and every other
//	           column as uvarint 0 for NULL or uvarint len+1 and the bytes.
//
// The files are reused, not truncated: after a move the header is
// rewritten with a new epoch, and the frames of earlier epochs left behind
// it fail their CRC under the new one, so they end the file as a torn
// frame does. Overwriting blocks the file already has keeps an append's
// fdatasync to the data (no file size or block allocation to commit).
//
// The payload holds the column values exactly as inspectionArgs gives them
// to the INSERT (time as stored text, position, route and reasons as JSON
// text, request and response byte for byte), so a replayed record is the
// row the direct path would have written.

// fileHeader is the size of a journal file's header.
const fileHeader = 16

// journalMagic starts every journal file.
const journalMagic = "ZGJ1"

// appendHeader appends the file header of epoch to buf.
func appendHeader(buf []byte, epoch uint64) []byte {
	start := len(buf)
	buf = append(buf, journalMagic...)
	buf = binary.LittleEndian.AppendUint64(buf, epoch)
	return binary.LittleEndian.AppendUint32(buf, crc32.Checksum(buf[start:], castagnoli))
}

// decodeJournal decodes a journal file: its epoch and the rows of its
// well-formed frames, and the length of the well-formed prefix. A file
// without a valid header (new, or its header torn) holds nothing.
func decodeJournal(b []byte) (rows [][]any, good int, epoch uint64) {
	if len(b) < fileHeader || string(b[:4]) != journalMagic ||
		binary.LittleEndian.Uint32(b[12:]) != crc32.Checksum(b[:12], castagnoli) {
		return nil, 0, 0
	}
	epoch = binary.LittleEndian.Uint64(b[4:])
	rows, good = decodeFrames(b[fileHeader:], epoch)
	return rows, fileHeader + good, epoch
}

// frameSum is a frame's CRC: of the epoch, then the payload.
func frameSum(epoch uint64, payload []byte) uint32 {
	var e [8]byte
	binary.LittleEndian.PutUint64(e[:], epoch)
	return crc32.Update(crc32.Checksum(e[:], castagnoli), castagnoli, payload)
}

// frameHeader is the size of a frame's length and CRC.
const frameHeader = 8

// maxFramePayload bounds a frame's payload; a larger length is corruption.
const maxFramePayload = 1 << 30

// journalColumns is the number of inspection columns after the id.
const journalColumns = 12

// stationKnownColumn is the index of station_known among the columns.
const stationKnownColumn = 10

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errBadFrame marks a frame that is torn or corrupt.
var errBadFrame = errors.New("bad journal frame")

// appendFrame appends to buf the frame of rows (each the id, then the
// journalColumns values inspectionArgs returns) and returns it.
func appendFrame(buf []byte, rows [][]any, epoch uint64) ([]byte, error) {
	start := len(buf)
	buf = append(buf, make([]byte, frameHeader)...)
	buf = binary.AppendUvarint(buf, uint64(len(rows)))
	for _, row := range rows {
		if len(row) != 1+journalColumns {
			return buf[:start], fmt.Errorf("journal: row of %d values, want %d", len(row), 1+journalColumns)
		}
		id, ok := row[0].(int64)
		if !ok || id <= 0 {
			return buf[:start], fmt.Errorf("journal: id %v", row[0])
		}
		buf = binary.AppendUvarint(buf, uint64(id))
		for i, v := range row[1:] {
			if i == stationKnownColumn {
				b, ok := v.(bool)
				if !ok {
					return buf[:start], fmt.Errorf("journal: station_known is %T", v)
				}
				if b {
					buf = append(buf, 1)
				} else {
					buf = append(buf, 0)
				}
				continue
			}
			var s string
			switch v := v.(type) {
			case nil:
				buf = append(buf, 0)
				continue
			case *string:
				if v == nil {
					buf = append(buf, 0)
					continue
				}
				s = *v
			case string:
				s = v
			default:
				return buf[:start], fmt.Errorf("journal: column %d is %T", i, v)
			}
			buf = binary.AppendUvarint(buf, uint64(len(s))+1)
			buf = append(buf, s...)
		}
	}
	payload := buf[start+frameHeader:]
	if len(payload) > maxFramePayload {
		return buf[:start], fmt.Errorf("journal: frame of %d bytes", len(payload))
	}
	binary.LittleEndian.PutUint32(buf[start:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(buf[start+4:], frameSum(epoch, payload))
	return buf, nil
}

// decodeFrames decodes the frames of epoch at the start of b and returns their rows
// (as appendFrame took them, NULL as nil, text as string) and the length of
// the well-formed prefix. It stops at the first torn or corrupt frame (a
// short header or payload, a bad CRC, a frame of another epoch, a payload
// that does not decode): that
// frame was never acknowledged, and neither can anything after it be.
func decodeFrames(b []byte, epoch uint64) (rows [][]any, good int) {
	for off := 0; ; {
		if len(b)-off < frameHeader {
			return rows, off
		}
		n := binary.LittleEndian.Uint32(b[off:])
		sum := binary.LittleEndian.Uint32(b[off+4:])
		if n > maxFramePayload || uint64(len(b)-off-frameHeader) < uint64(n) {
			return rows, off
		}
		payload := b[off+frameHeader : off+frameHeader+int(n)]
		if frameSum(epoch, payload) != sum {
			return rows, off
		}
		got, err := decodePayload(payload)
		if err != nil {
			return rows, off
		}
		rows = append(rows, got...)
		off += frameHeader + int(n)
	}
}

// decodePayload decodes one frame's payload.
func decodePayload(p []byte) ([][]any, error) {
	count, k := binary.Uvarint(p)
	if k <= 0 || count > uint64(len(p)) { // a record takes at least one byte
		return nil, errBadFrame
	}
	p = p[k:]
	rows := make([][]any, 0, count)
	for range count {
		id, k := binary.Uvarint(p)
		if k <= 0 || id == 0 || id > 1<<63-1 {
			return nil, errBadFrame
		}
		p = p[k:]
		row := make([]any, 1+journalColumns)
		row[0] = int64(id)
		for i := range journalColumns {
			if i == stationKnownColumn {
				if len(p) == 0 || p[0] > 1 {
					return nil, errBadFrame
				}
				row[1+i] = p[0] == 1
				p = p[1:]
				continue
			}
			l, k := binary.Uvarint(p)
			if k <= 0 || l > uint64(len(p)-k)+1 {
				return nil, errBadFrame
			}
			p = p[k:]
			if l == 0 {
				continue // NULL
			}
			row[1+i] = string(p[:l-1])
			p = p[l-1:]
		}
		rows = append(rows, row)
	}
	if len(p) != 0 {
		return nil, errBadFrame
	}
	return rows, nil
}
