package api

import (
	"context"
	"hash/maphash"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/geo/track"
)

// initTracking sets up live tracking (POST /v1/tracks, GET /v1/events) and
// starts the webhook dispatcher when endpoints are configured.
func (s *Server) initTracking(o Options) {
	tk := o.Store
	t := &tracking{
		store: tk, log: s.log, metrics: newTrackMetrics(s.registry),
		maxPositions: orDefault(o.MaxTrackPositions, DefaultMaxTrackPositions),
		seed:         maphash.MakeSeed(), names: map[string]string{},
		changed: newEventSignal(), done: make(chan struct{}), offRoute: s.fixOffRoute,
	}
	for i := range t.shards {
		t.shards[i].m = map[string]track.State{}
	}
	if len(o.Webhooks) > 0 {
		t.hooks = webhook.New(webhook.Options{URLs: o.Webhooks, Store: tk, Secret: o.WebhookSecret,
			Logger: s.log, OnAttempt: t.metrics.webhookAttempt})
		t.hooks.Start(context.Background())
	}
	s.tracking = t
}

// trackRoutes registers the live-tracking routes (roles in auth.go).
func (s *Server) trackRoutes(r chi.Router) {
	r.With(middleware.Timeout(s.limits.timeout)).Post("/v1/tracks", s.handle(s.postTracks))
	r.Get("/v1/events", s.handle(s.listEvents)) // a stream outlives any timeout; JSON reads set their own
	r.With(middleware.Timeout(s.limits.timeout)).Get("/v1/webhooks", s.handle(s.listWebhooks))
}
