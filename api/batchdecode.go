package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/zonegate/zonegate/api/wire"
)

// decodeBatch reads the body of POST /v1/zones/at. A 100,000-point body is
// megabytes of JSON, and encoding/json would scan it twice (once to find the
// value, once to decode it); so the top-level object is walked here, the
// points array is parsed in place, and only the small members go through
// encoding/json. It accepts exactly what decodeJSON would: one JSON object,
// no unknown members, nothing after it.
func decodeBatch(w http.ResponseWriter, r *http.Request, limit int64, maxPoints int) (batchRequest, error) {
	req := batchRequest{Points: pointList{max: maxPoints}}
	if err := wire.CheckJSONContentType(r); err != nil {
		return req, err
	}
	body, err := readBody(w, r, limit)
	if err != nil {
		return req, err
	}
	p := pointParser{b: body}
	if p.space(); p.pos == len(body) {
		return req, badRequest("invalid_json", "", "the request body is empty; send a JSON object")
	}
	if !p.byte('{') {
		if json.Valid(body) {
			return req, badRequest("invalid_type", "", "the body must be a JSON object")
		}
		return req, syntaxError(p.pos, "expected '{'")
	}
	for first := true; ; first = false {
		p.space()
		if p.byte('}') {
			break
		}
		if !first && !p.byte(',') {
			return req, syntaxError(p.pos, "expected ',' or '}' after a member")
		}
		p.space()
		key, err := p.key()
		if err != nil {
			return req, err
		}
		if p.space(); !p.byte(':') {
			return req, syntaxError(p.pos, "expected ':' after a member name")
		}
		switch key {
		case "points":
			if err := req.Points.parse(&p); err != nil {
				return req, err
			}
		case "at":
			err = p.member(key, &req.At)
		case "crs":
			err = p.member(key, &req.CRS)
		case "layers":
			err = p.member(key, &req.Layers)
		default:
			return req, badRequest("unknown_field", key, "unknown field %q", key)
		}
		if err != nil {
			return req, err
		}
	}
	if p.space(); p.pos != len(body) {
		return req, badRequest("invalid_json", "", "unexpected data after the JSON value")
	}
	return req, nil
}

// key reads a member name.
func (p *pointParser) key() (string, error) {
	start := p.pos
	if !p.byte('"') {
		return "", syntaxError(p.pos, "expected a member name in double quotes")
	}
	for p.pos < len(p.b) && p.b[p.pos] != '"' {
		if p.b[p.pos] == '\\' {
			p.pos++
		}
		p.pos++
	}
	if !p.byte('"') {
		return "", syntaxError(p.pos, "unterminated string")
	}
	var key string
	if err := json.Unmarshal(p.b[start:p.pos], &key); err != nil {
		return "", syntaxError(start, "invalid member name")
	}
	return key, nil
}

// member decodes the JSON value at p into dst with encoding/json and
// advances past it.
func (p *pointParser) member(name string, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(p.b[p.pos:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return syntaxError(p.pos+int(syn.Offset), syn.Error())
		}
		return wire.JSONError(err)
	}
	p.pos += int(dec.InputOffset())
	if err := json.Unmarshal(raw, dst); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return badRequest("invalid_type", name, "field %q: JSON %s is not the expected type", name, typ.Value)
		}
		return wire.JSONError(err)
	}
	return nil
}

func syntaxError(offset int, what string) error {
	return badRequest("invalid_json", "", "malformed JSON at byte %d: %s", offset, what)
}

// readBody reads the whole request body, at most limit bytes (413 past
// it). With a declared Content-Length within the limit the buffer is
// allocated once at that size, instead of doubling its way up: a batch of
// 100,000 points is 2.3 MB.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, limit)
	if n := r.ContentLength; n > 0 && n <= limit {
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil // net/http stops the body at Content-Length
	}
	return io.ReadAll(body)
}
