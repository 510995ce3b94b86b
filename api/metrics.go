package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/zonegate/zonegate/api/inspectlog"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
)

// metrics are the server's Prometheus instruments.
type metrics struct {
	registry       *prometheus.Registry // served at /metrics
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	checks         *prometheus.CounterVec
	inspectDropped prometheus.Counter
	inspectFailed  prometheus.Counter
	unknownStation prometheus.Counter // checks from unknown station ids
	// limitHits counts requests and connections refused or delayed by a
	// limit: rate_<role>, streams_total, streams_per_token, conns,
	// analysis_queue, analysis_cells.
	limitHits *prometheus.CounterVec

	// series caches the request counter and duration histogram of each
	// (route, method, status) seen (seriesKey → *seriesHandles), so a
	// request costs no label hashing nor the vectors' shared lock.
	series sync.Map
	// decisions caches the checks counter of each decision (string →
	// prometheus.Counter).
	decisions sync.Map
}

// checkDecided counts one check by decision, through a handle cached per
// decision.
func (m *metrics) checkDecided(decision string) {
	if c, ok := m.decisions.Load(decision); ok {
		c.(prometheus.Counter).Inc()
		return
	}
	c, _ := m.decisions.LoadOrStore(decision, m.checks.WithLabelValues(decision))
	c.(prometheus.Counter).Inc()
}

type seriesKey struct {
	route, method string
	status        int
}

type seriesHandles struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// handles returns the instruments of one series, made on first use.
func (m *metrics) handles(route, method string, status int) *seriesHandles {
	k := seriesKey{route, method, status}
	if h, ok := m.series.Load(k); ok {
		return h.(*seriesHandles)
	}
	h := &seriesHandles{
		requests: m.requests.WithLabelValues(route, method, strconv.Itoa(status)),
		duration: m.duration.WithLabelValues(route),
	}
	actual, _ := m.series.LoadOrStore(k, h)
	return actual.(*seriesHandles)
}

func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

func newMetrics(reg *prometheus.Registry, ix *index.Index, f *follow.Follower, tc *tiles.Cache, st data.Store) *metrics {
	m := &metrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zonegate_http_request_duration_seconds", Help: "Server time per HTTP request by route pattern.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"route"}),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_checks_total", Help: "Coal-truck checks by decision.",
		}, []string{"decision"}),
		inspectDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zonegate_inspections_refused_total", Help: "Checks answered 503 because their inspection record could not be committed (store error or full queue): no decision was given.",
		}),
		inspectFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zonegate_inspections_failed_total", Help: "Inspection records whose write to the store failed.",
		}),
		unknownStation: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zonegate_checks_unknown_station_total", Help: "Coal-truck checks whose station id is not a published checkpoint.",
		}),
		limitHits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zonegate_limit_hits_total", Help: "Requests refused (429/503/400) or connections delayed by a limit, by limit.",
		}, []string{"limit"}),
	}
	reg.MustRegister(m.requests, m.duration, m.checks, m.inspectDropped, m.inspectFailed, m.unknownStation, m.limitHits,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "zonegate_index_zones", Help: "Zone versions held in the in-memory index.",
		}, func() float64 { return float64(ix.Snapshot().Len()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "zonegate_index_revision", Help: "Store revision the in-memory index reflects.",
		}, func() float64 { return float64(f.Revision()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_tile_cache_hits_total", Help: "Tile requests answered without rendering.",
		}, func() float64 { return float64(tc.Stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "zonegate_tile_cache_misses_total", Help: "Tiles rendered because they were not cached.",
		}, func() float64 { return float64(tc.Stats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "zonegate_tile_cache_bytes", Help: "Bytes held by the tile cache.",
		}, func() float64 { return float64(tc.Stats().Bytes) }),
	)
	if j, ok := st.(data.CheckJournaler); ok {
		inspectlog.RegisterJournal(reg, j)
	}
	return m
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
}

// instrument counts requests and their server time by chi route pattern
// (never by raw path, which would explode the label set).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var sw *reqctx.StatusWriter
		if st := reqctx.From(r); st != nil {
			sw = st.Writer() // ServeHTTP's, no allocation
		} else {
			sw = reqctx.NewStatusWriter(w)
		}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		route := ""
		if rc := chi.RouteContext(r.Context()); rc != nil {
			route = rc.RoutePattern()
		}
		s.countRequest(r, route, sw.Status(), elapsed)
	})
}

// countRequest counts and logs a request answered with status (0: 200,
// nothing written) on route ("": none matched) after elapsed.
func (s *Server) countRequest(r *http.Request, route string, status int, elapsed time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	if status == 0 {
		status = http.StatusOK
	}
	s.metrics.handles(route, r.Method, status).observe(elapsed)
	s.logRequest(r, status, elapsed)
}

// observe counts one request of the series and its server time.
func (h *seriesHandles) observe(elapsed time.Duration) {
	h.requests.Inc()
	h.duration.Observe(elapsed.Seconds())
}

// logRequest logs a request instrument saw: at debug level, or warn for a
// 5xx.
func (s *Server) logRequest(r *http.Request, status int, elapsed time.Duration) {
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelWarn
	}
	// Checked first: the attributes below cost allocations even when
	// the record is then dropped.
	if s.log.Enabled(r.Context(), level) {
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", status,
			"request_id", middleware.GetReqID(r.Context()), "duration", elapsed,
			"token", wire.CallerFrom(r.Context()).Name) // the token's name, never its secret
	}
}
