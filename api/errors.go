package api

import (
	"net/http"

	"github.com/zonegate/zonegate/api/wire"
)

// The error shape, the handler adapter and JSON in and out are shared with
// api/ogc and api/analysis and live in api/wire; these short names keep api's handlers
// readable.

// Error is the error shape (wire.Error): handlers return it for every
// problem the client can fix.
type Error = wire.Error

// badRequest is a 400 naming the field at fault.
func badRequest(code, field, format string, args ...any) *Error {
	return wire.BadRequest(code, field, format, args...)
}

// handle adapts a wire.HandlerFunc to http.Handler, answering its error in the
// error shape and logging internal detail with the request id.
func (s *Server) handle(h wire.HandlerFunc) http.HandlerFunc { return wire.Handle(s.log, h) }

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	wire.WriteError(s.log, w, r, err)
}

// writeJSON answers v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) { wire.WriteJSON(w, status, v) }

// decodeJSON reads a JSON body of at most limit bytes into dst
// (wire.DecodeJSON).
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	return wire.DecodeJSON(w, r, limit, dst)
}
