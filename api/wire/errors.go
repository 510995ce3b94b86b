package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// Error is an error with an HTTP status and a stable code, answered as
// {"error":{"code":..,"message":..,"field":..}}. Handlers return it for
// every problem the client can fix.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Details carries structured facts about the problem, e.g. the
	// problem, polygon, ring, vertex and location of an invalid geometry.
	// Omitted when empty.
	Details map[string]any `json:"details,omitempty"`
	// RetryAfter, when positive, is sent as the Retry-After header (whole
	// seconds, rounded up) with 429 and 503 answers.
	RetryAfter time.Duration `json:"-"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (field %s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// BadRequest is a 400 naming the field at fault.
func BadRequest(code, field, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// HandlerFunc is a handler that reports failure by returning an error,
// which Handle turns into the error shape.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts a HandlerFunc to http.Handler, mapping errors to statuses
// in one place (WriteError).
func Handle(log *slog.Logger, h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(log, w, r, err)
		}
	}
}

// WriteError answers err in the error shape: an *Error as it is, known
// store and validation errors with their status and the innermost
// message (clientMessage: no package prefixes, SQL or driver text),
// anything else as a 500. Internal detail never reaches the client; it is
// logged with the request id.
func WriteError(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *Error
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &apiErr):
	case errors.As(err, &maxErr):
		apiErr = &Error{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
			Message: fmt.Sprintf("request body exceeds %d bytes", maxErr.Limit)}
	case errors.Is(err, geo.ErrInvalid):
		apiErr = &Error{Status: http.StatusBadRequest, Code: "invalid", Message: clientMessage(err, geo.ErrInvalid, "invalid input")}
	case errors.Is(err, data.ErrNotFound):
		apiErr = &Error{Status: http.StatusNotFound, Code: "not_found", Message: clientMessage(err, data.ErrNotFound, "not found")}
	case errors.Is(err, data.ErrConflict):
		apiErr = &Error{Status: http.StatusConflict, Code: "conflict", Message: clientMessage(err, data.ErrConflict, "the change conflicts with a concurrent one; reload and try again")}
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		log.Debug("client went away", "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()))
		return
	case errors.Is(err, context.DeadlineExceeded):
		apiErr = &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the request took too long; try again"}
	default:
		log.Error("request failed", "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()), "err", err)
		apiErr = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; the request id is in the server log"}
	}
	if text := err.Error(); apiErr.Status < 500 && text != apiErr.Error() {
		// What the client was not told, for whoever reads the log with
		// the request id the client has; at the level of the request line
		// of a 4xx (debug), so malformed requests cannot flood the log.
		log.Debug("request refused", "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()),
			"status", apiErr.Status, "message", apiErr.Message, "err", text)
	}
	if apiErr.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(apiErr.RetryAfter.Seconds())), 10))
	}
	WriteJSON(w, apiErr.Status, struct {
		Error *Error `json:"error"`
	}{apiErr})
}
