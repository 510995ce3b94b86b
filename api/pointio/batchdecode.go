package pointio

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
)

// Batch is the decoded body of a batch lookup (POST /v1/zones/at).
type Batch struct {
	Points []orb.Point // nil when the body has no points member or it is null
	At     string      // "as of" time, unparsed
	Layers []string
	CRS    string // the points' CRS name, unparsed
}

// DecodeBatch is DecodeBatch (the function) decoding the points into
// memory pooled across requests: a 100,000-point batch's points are 1.6
// MB, which allocated afresh each time (and zeroed, and collected) cost
// the server a collection every few batches. The points do not refer to
// body. Hand them back with ReleasePoints once answered.
func (s *Scratch) DecodeBatch(body []byte, maxPoints int) (Batch, error) {
	var buf []orb.Point
	if p, ok := s.points.Get().(*[]orb.Point); ok {
		buf = *p
	}
	req, err := decodeBatch(body, maxPoints, buf)
	if err != nil || req.Points == nil || cap(req.Points) != cap(buf) {
		s.ReleasePoints(buf) // not used: no points, or more than buf holds
	}
	return req, err
}

// ReleasePoints hands back the points of a Batch from Scratch.DecodeBatch
// for the next batch; they must not be used afterwards.
func (s *Scratch) ReleasePoints(pts []orb.Point) {
	if cap(pts) > 0 {
		pts = pts[:0]
		s.points.Put(&pts)
	}
}

// BodyBuffer returns a pooled buffer of n bytes for a request body of a
// declared length, so a 2.3 MB batch body is neither allocated nor zeroed
// afresh. Hand it back with ReleaseBody once nothing refers to it.
func (s *Scratch) BodyBuffer(n int) *[]byte {
	p, _ := s.bodies.Get().(*[]byte)
	if p == nil || cap(*p) < n {
		if p != nil {
			s.bodies.Put(p) // too small for this body; may do for another
		}
		b := make([]byte, n)
		return &b
	}
	*p = (*p)[:n]
	return p
}

// ReleaseBody hands back a buffer of BodyBuffer.
func (s *Scratch) ReleaseBody(p *[]byte) { s.bodies.Put(p) }

// DecodeBatch decodes a batch body: one JSON object with the members
// points, at, crs and layers, at most maxPoints points (0: unlimited). A
// 100,000-point body is megabytes of JSON, and encoding/json would scan it
// twice (once to find the value, once to decode it); so the top-level
// object is walked here, the points array is parsed in place, and only the
// small members go through encoding/json. It accepts exactly what
// wire.DecodeJSON would: one JSON object, no unknown members, nothing after
// it. Every error is a *wire.Error naming the field at fault.
func DecodeBatch(body []byte, maxPoints int) (Batch, error) {
	return decodeBatch(body, maxPoints, nil)
}

// decodeBatch is DecodeBatch decoding the points into buf when it is
// large enough.
func decodeBatch(body []byte, maxPoints int, buf []orb.Point) (Batch, error) {
	var req Batch
	points := pointList{max: maxPoints, buf: buf}
	p := pointParser{b: body}
	if p.space(); p.pos == len(body) {
		return req, wire.BadRequest("invalid_json", "", "the request body is empty; send a JSON object")
	}
	if !p.byte('{') {
		if json.Valid(body) {
			return req, wire.BadRequest("invalid_type", "", "the body must be a JSON object")
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
			if err := points.parse(&p); err != nil {
				return req, err
			}
		case "at":
			err = p.member(key, &req.At)
		case "crs":
			err = p.member(key, &req.CRS)
		case "layers":
			err = p.member(key, &req.Layers)
		default:
			return req, wire.BadRequest("unknown_field", key, "unknown field %q", key)
		}
		if err != nil {
			return req, err
		}
	}
	if p.space(); p.pos != len(body) {
		return req, wire.BadRequest("invalid_json", "", "unexpected data after the JSON value")
	}
	req.Points = points.pts
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
			return wire.BadRequest("invalid_type", name, "field %q: JSON %s is not the expected type", name, typ.Value)
		}
		return wire.JSONError(err)
	}
	return nil
}

// syntaxError is a 400 for malformed JSON at byte offset of the body.
func syntaxError(offset int, what string) error {
	return wire.BadRequest("invalid_json", "", "malformed JSON at byte %d: %s", offset, what)
}
