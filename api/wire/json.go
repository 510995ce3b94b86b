package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// WriteJSON answers v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// An encode error here means the client went away mid-answer; the status
	// is already sent and nothing more can be told.
	_ = enc.Encode(v)
}

// DecodeJSON reads a JSON body of at most limit bytes into dst. It insists on
// a JSON content type, rejects unknown fields (a misspelt "positon" must not
// silently become "no position") and trailing data, and turns every decoder
// complaint into a 4xx naming the field.
func DecodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	if err := CheckJSONContentType(r); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return BadRequest("invalid_json", "", "unexpected data after the JSON value")
	}
	return nil
}

// CheckJSONContentType accepts a missing content type or any JSON media
// type.
func CheckJSONContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	switch ct {
	case "", "application/json", "application/json; charset=utf-8":
		return nil // the usual ones, without ParseMediaType's map
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: fmt.Sprintf("content type %q is not JSON; send application/json", ct)}
	}
	return nil
}

// JSONError maps encoding/json's errors to the error shape.
func JSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var maxErr *http.MaxBytesError
	var fieldErr *Error
	switch {
	case errors.As(err, &maxErr):
		return err
	case errors.As(err, &fieldErr):
		return fieldErr
	case errors.Is(err, io.EOF):
		return BadRequest("invalid_json", "", "the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("invalid_json", "", "the JSON body ends too early")
	case errors.As(err, &syn):
		return BadRequest("invalid_json", "", "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return BadRequest("invalid_type", typ.Field, "field %q: JSON %s cannot be %s", typ.Field, typ.Value, typeName(typ.Type.Kind().String()))
	// encoding/json has no typed error for an unknown field; its message
	// format is stable since Go 1.10 and the only way to name the field.
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return BadRequest("unknown_field", field, "unknown field %q", field)
	default:
		return BadRequest("invalid_json", "", "invalid JSON: %v", err)
	}
}

func typeName(kind string) string {
	switch kind {
	case "float64", "float32", "int", "int64":
		return "a number of this size"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	default:
		return "a " + kind
	}
}
