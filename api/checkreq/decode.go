package checkreq

import (
	"bytes"
	"io"
	"net/http"
	"sync"

	"github.com/zonegate/zonegate/api/wire"
)

// Why a parser of its own: encoding/json's reflection, scanner and
// per-field allocations were 30% of a check's server time (profile of
// BenchmarkCheckRequest, issue 16). The parser takes only what it can
// decode exactly as encoding/json does: the known members once each,
// spelt as documented, with plain strings (no escapes, valid UTF-8),
// numbers, booleans, arrays and objects where the type asks for them.
// Everything else (null, escapes, duplicate or differently cased
// members, errors of any kind) goes to wire.DecodeJSON, which answers as
// it always has.

// fastMax is the largest body the parser reads; a larger one (a long
// route) is decoded by encoding/json as it streams in.
const fastMax = 16 << 10

// bodyBufs holds read buffers for bodies up to fastMax.
var bodyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// Decode reads r's body, a JSON object of at most limit bytes, into req,
// exactly as wire.DecodeJSON does: the same result for every body, the
// same error (a 4xx naming the field) for every bad one.
func Decode(w http.ResponseWriter, r *http.Request, limit int64, req *Request) error {
	return DecodeWith(w, r, limit, req, nil)
}

// DecodeWith is Decode keeping the body's numbers in *nums (reused from
// its start, grown as needed) instead of a slab of their own, so a caller
// that reuses its request state allocates none for them: req then points
// into *nums and is valid until *nums is next reused. A nil nums is Decode.
func DecodeWith(w http.ResponseWriter, r *http.Request, limit int64, req *Request, nums *[]float64) error {
	if err := wire.CheckJSONContentType(r); err != nil {
		return err
	}
	most := min(limit, fastMax)
	if r.Body == nil || r.ContentLength > most {
		return wire.DecodeJSON(w, r, limit, req)
	}
	bp := bodyBufs.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 4*fastMax {
			bodyBufs.Put(bp)
		}
	}()
	buf, readErr := readUpTo((*bp)[:0], r.Body, most)
	*bp = buf
	if readErr == io.EOF && int64(len(buf)) <= most {
		var room []float64
		if nums != nil {
			room = (*nums)[:0]
		}
		if used, ok := parse(string(buf), req, room); ok {
			if nums != nil && cap(used) > cap(*nums) {
				*nums = used[:0]
			}
			return nil
		}
		*req = Request{}
	}
	// encoding/json decodes the body from the start: the bytes read so
	// far, then the rest of the body (or the error reading it ended with).
	var rest io.Reader = r.Body
	if readErr == io.EOF {
		rest = bytes.NewReader(nil)
	} else if readErr != nil {
		rest = errReader{readErr}
	}
	replay := *r
	replay.Body = io.NopCloser(io.MultiReader(bytes.NewReader(buf), rest))
	return wire.DecodeJSON(w, &replay, limit, req)
}

// readUpTo appends body to buf until the body ends or buf holds more than
// max bytes, and returns the error that stopped it (io.EOF at the end).
func readUpTo(buf []byte, body io.Reader, max int64) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > max {
				return buf, nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, err
		}
	}
}

// errReader returns err: the end of a replayed body whose read failed.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
