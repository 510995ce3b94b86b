package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zonegate/zonegate/api/limit"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// Stream timing: how often a stream looks for events committed by other
// replicas, and how often it sends a comment so proxies keep it open.
const (
	streamPoll      = time.Second
	streamHeartbeat = 15 * time.Second
	streamPage      = 1000
)

// streamEvents serves GET /v1/events as Server-Sent Events: each stored
// event matching f's plate, type and times as
//
//	id: <event id>
//	event: <type>
//	data: <event JSON>
//
// starting after the Last-Event-ID header (the browser's EventSource sends
// it on reconnect), else after after_id, else at the newest tail stored
// events when tail > 0, else from the first stored event.
// Stored events are replayed, then new ones follow live: commits on this
// server wake the stream at once, and the store is polled every second for
// commits by other replicas. A comment line every 15 s keeps idle
// connections open. The stream ends when the client goes away or the
// server closes.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request, tk data.TrackStore, f data.EventFilter, tail int) error {
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		n, err := wire.ParseInt(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return badRequest("invalid_last_event_id", "Last-Event-ID", "Last-Event-ID must be an event id, got %q", v)
		}
		f.AfterID = n
	} else if tail > 0 && !r.URL.Query().Has("after_id") {
		ctx, cancel := context.WithTimeout(r.Context(), s.limits.timeout)
		start, err := tailStart(ctx, tk, f, tail)
		cancel()
		if err != nil {
			return err
		}
		f.AfterID = start
	}
	key, _ := limit.CallerKey(r)
	release, refused, hit := s.streams.Acquire(key)
	if refused != nil {
		s.metrics.limitHits.WithLabelValues(hit).Inc()
		return refused
	}
	defer release()
	f.Limit = streamPage
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout; unsupported writers have none
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil {
		return nil
	}
	_ = rc.Flush()

	ctx := r.Context()
	poll := time.NewTicker(streamPoll)
	defer poll.Stop()
	beat := time.NewTicker(streamHeartbeat)
	defer beat.Stop()
	var buf []byte
	for {
		woken := s.live.Changed()
		for {
			evs, err := tk.Events(ctx, f)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Warn("event stream: read events", "err", err)
				}
				break
			}
			for _, e := range evs {
				buf = appendSSE(buf[:0], e)
				if _, err := w.Write(buf); err != nil {
					return nil // the client went away
				}
				f.AfterID = e.ID
			}
			if len(evs) > 0 {
				if err := rc.Flush(); err != nil {
					return nil
				}
			}
			if len(evs) < f.Limit {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.live.Done():
			return nil
		case <-woken:
		case <-poll.C:
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": keepalive\n\n"); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
	}
}

// appendSSE appends event e as one Server-Sent Events message.
func appendSSE(b []byte, e *data.Event) []byte {
	b = append(b, "id: "...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, "\nevent: "...)
	b = append(b, e.Type...)
	b = append(b, "\ndata: "...)
	js, _ := json.Marshal(e) // an Event always encodes; JSON has no raw newlines
	b = append(b, js...)
	return append(b, "\n\n"...)
}

// CloseStreams ends every event stream (GET /v1/events as Server-Sent
// Events) and stops webhook delivery; streams opened afterwards end at
// once. Call it when shutting down before waiting for requests in flight
// (http.Server.RegisterOnShutdown), since streams never end by themselves.
// Close calls it too.
func (s *Server) CloseStreams() { s.live.Close() }
