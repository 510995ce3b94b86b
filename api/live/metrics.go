package live

import (
	"github.com/prometheus/client_golang/prometheus"
)

// trackMetrics are the live-Tracker instruments.
type trackMetrics struct {
	positions *prometheus.CounterVec // by outcome: accepted, duplicate, late, rejected
	events    *prometheus.CounterVec // by type
	webhooks  *prometheus.CounterVec // delivery attempts by outcome: delivered, failed
}

func newTrackMetrics(reg prometheus.Registerer) *trackMetrics {
	m := &trackMetrics{
		positions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_track_positions_total",
			Help: "Vehicle positions received by outcome: accepted, duplicate (same time as the latest), late (older), rejected (invalid).",
		}, []string{"outcome"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_track_events_total", Help: "Vehicle events stored, by type.",
		}, []string{"type"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_webhook_attempts_total", Help: "Webhook delivery attempts by outcome: delivered (2xx) or failed.",
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.positions, m.events, m.webhooks)
	return m
}

// count adds one ingest's figures.
func (m *trackMetrics) count(r *Result) {
	m.positions.WithLabelValues("accepted").Add(float64(r.Accepted))
	m.positions.WithLabelValues("duplicate").Add(float64(r.Duplicates))
	m.positions.WithLabelValues("late").Add(float64(r.Late))
	for _, e := range r.Events {
		m.events.WithLabelValues(e.Type).Inc()
	}
}

// webhookAttempt counts one delivery attempt.
func (m *trackMetrics) webhookAttempt(_ string, ok bool) {
	outcome := "failed"
	if ok {
		outcome = "delivered"
	}
	m.webhooks.WithLabelValues(outcome).Inc()
}
