package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// Limits of GET /v1/events answered as JSON, and of its tail option.
const (
	defaultEventLimit = 1000
	maxEventLimit     = 10_000
	maxEventTail      = 10_000
)

// listEvents answers GET /v1/events?plate=&type=&from=&to=&after_id=&limit=&tail=
// with the stored events in ID order: as JSON ({"events":[...]}), or as a
// Server-Sent Events stream when the client accepts text/event-stream or
// passes stream=1 (see streamEvents). from is inclusive and to exclusive,
// on the events' times; after_id selects IDs above it. tail=N, without
// after_id (or Last-Event-ID), starts at the newest N matching events
// instead of the first; as JSON it also sets the default limit to N.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	tk := s.live.Store()
	f, tail, err := s.eventFilter(r)
	if err != nil {
		return err
	}
	if wantsEventStream(r) {
		return s.streamEvents(w, r, tk, f, tail)
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.limits.timeout)
	defer cancel()
	if tail > 0 && !r.URL.Query().Has("after_id") {
		if f.AfterID, err = tailStart(ctx, tk, f, tail); err != nil {
			return err
		}
		if !r.URL.Query().Has("limit") {
			f.Limit = tail
		}
	}
	evs, err := tk.Events(ctx, f)
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []*data.Event{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": evs})
	return nil
}

// eventFilter reads the query of GET /v1/events, and its tail (0: none).
func (s *Server) eventFilter(r *http.Request) (data.EventFilter, int, error) {
	f, err := s.eventFilterNoTail(r)
	if err != nil {
		return f, 0, err
	}
	tail := 0
	if v := r.URL.Query().Get("tail"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 1 || n > maxEventTail {
			return f, 0, badRequest("invalid_tail", "tail", "tail must be an integer from 1 to %d", maxEventTail)
		}
		tail = int(n)
	}
	return f, tail, nil
}

// tailStart returns the AfterID from which the newest n events matching f
// (ignoring its AfterID and Limit) follow: 0 when there are at most n.
func tailStart(ctx context.Context, tk data.TrackStore, f data.EventFilter, n int) (int64, error) {
	f.AfterID, f.Limit, f.Newest = 0, n, true
	evs, err := tk.Events(ctx, f)
	if err != nil {
		return 0, fmt.Errorf("events tail: %w", err)
	}
	if len(evs) < n {
		return 0, nil
	}
	return evs[0].ID - 1, nil
}

// eventFilterNoTail reads the query of GET /v1/events but tail.
func (s *Server) eventFilterNoTail(r *http.Request) (data.EventFilter, error) {
	q := r.URL.Query()
	f := data.EventFilter{Plate: q.Get("plate"), Type: q.Get("type"), Limit: defaultEventLimit}
	switch f.Type {
	case "", data.EventEnter, data.EventExit, data.EventOffRoute, data.EventOnRoute:
	default:
		return f, badRequest("invalid_type", "type", "type must be enter, exit, off_route or on_route, got %q", f.Type)
	}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(t.name); v != "" {
			var err error
			if *t.dst, err = s.parseAt(v, t.name); err != nil {
				return f, err
			}
		}
	}
	if v := q.Get("after_id"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 0 {
			return f, badRequest("invalid_after_id", "after_id", "after_id must be a non-negative integer, got %q", v)
		}
		f.AfterID = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 1 || n > maxEventLimit {
			return f, badRequest("invalid_limit", "limit", "limit must be an integer from 1 to %d", maxEventLimit)
		}
		f.Limit = int(n)
	}
	return f, nil
}

// wantsEventStream reports whether the client asks for Server-Sent Events.
func wantsEventStream(r *http.Request) bool {
	switch r.URL.Query().Get("stream") {
	case "1", "true":
		return true
	}
	return strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// listWebhooks answers GET /v1/webhooks: every configured endpoint with its
// delivery cursor, last attempt and the number of events still pending.
func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	out, err := s.live.Webhooks(r.Context())
	if err != nil {
		return err
	}
	if out == nil {
		out = []webhook.Status{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"webhooks": out})
	return nil
}
