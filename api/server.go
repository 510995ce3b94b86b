// Package api is zonegate's HTTP interface: the route table (newRouter),
// authentication and the role table, and the thin handlers of the v1 JSON
// contract of DESIGN.md (zones, checks, batch lookups, inspections and
// reports, tiles and styles, the map page, live tracking), with metrics.
// It reads zones only from the in-memory index (via data/follow) and never
// from the store on the hot path.
//
// Beside it: api/wire (the error shape, JSON in and out, the caller),
// api/ogc (OGC API – Features and editing), api/analysis (the kiln,
// sewer and terrain endpoints), api/mapdata (label points and glyphs of
// the map), api/openapi (the OpenAPI document), api/limit (rate, stream
// and connection limits), api/tokencache (tokens read from the store,
// cached briefly), api/bearer (who sends a bearer token), api/inspectlog
// (the inspection log writer, no HTTP), api/live (vehicle states and
// events, no HTTP), api/webhook (event delivery) and api/web (the page's
// assets).
package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/zonegate/zonegate/api/analysis"
	"github.com/zonegate/zonegate/api/bearer"
	"github.com/zonegate/zonegate/api/inspectlog"
	"github.com/zonegate/zonegate/api/limit"
	"github.com/zonegate/zonegate/api/live"
	"github.com/zonegate/zonegate/api/mapdata"
	"github.com/zonegate/zonegate/api/ogc"
	"github.com/zonegate/zonegate/api/openapi"
	"github.com/zonegate/zonegate/api/pointio"
	"github.com/zonegate/zonegate/api/reqctx"
	"github.com/zonegate/zonegate/api/tokencache"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/route"
	"github.com/zonegate/zonegate/geo/rules"
	"github.com/zonegate/zonegate/tiles"
	"github.com/zonegate/zonegate/tiles/style"
)

// Default limits; Options.Limits overrides them.
const (
	DefaultMaxBodyBytes  = 1 << 20 // 1 MiB for ordinary requests
	DefaultMaxBatchBytes = 8 << 20 // 8 MiB for batch point lookups
	// DefaultMaxImportBytes bounds a POST /v1/imports upload (imports.go).
	DefaultMaxImportBytes = 256 << 20
	DefaultMaxBatchPoints = 200_000 // points in one POST /v1/zones/at
	DefaultMaxRoutePoints = 10_000  // vertices in one route
	DefaultRequestTimeout = 30 * time.Second
)

// Options configures a Server. Store, Index and Follower are required;
// every other field has a default.
type Options struct {
	Store    data.Store
	Index    *index.Index
	Follower *follow.Follower
	Rules    *rules.RuleSet // nil: rules.Default()
	Logger   *slog.Logger   // nil: discard
	// Registry receives the server's metrics and is served at /metrics.
	// nil: a fresh registry with Go and process collectors.
	Registry *prometheus.Registry
	Now      func() time.Time // nil: time.Now
	// Location interprets date-only times ("2020-11-01"). nil: China
	// Standard Time (UTC+8).
	Location *time.Location

	Limits Limits      // request sizes and the store deadline
	Auth   AuthOptions // callers without a token, token caching (auth.go)
	Map    MapOptions  // the map page's basemap, the vector-tile cache
	// Live configures live tracking (api/live): webhooks and the
	// positions per request.
	Live live.Options
	// DEMs are the elevation models behind /v1/terrain/elevation and the
	// hillshade and contour tiles, queried in order (terrain.DEMSet).
	// They must not change while the server runs. nil: no terrain data.
	DEMs terrain.DEMSet
	// Kiln configures the brick-kiln analyses (api/analysis); zero: the
	// gazette's defaults on the demo's layers.
	Kiln analysis.KilnOptions
}

// Limits bound what one request may ask; zero or negative fields take the
// defaults (Default*), except MaxVertices.
type Limits struct {
	MaxBodyBytes   int64 // ordinary JSON bodies
	MaxBatchBytes  int64 // POST /v1/zones/at and POST /v1/tracks bodies
	MaxImportBytes int64 // POST /v1/imports uploads (files, zipped or not)
	MaxBatchPoints int   // points in one POST /v1/zones/at
	MaxRoutePoints int   // vertices in one checked route
	// MaxVertices caps the vertices of one edited feature (api/ogc; 0:
	// geo's default, 100,000; negative: no cap).
	MaxVertices int
	// MaxParts caps the polygons of one edited MultiPolygon (api/ogc; 0:
	// geo's default, 10,000; negative: no cap).
	MaxParts int
	// RequestTimeout is the deadline of the routes that wait on the store.
	RequestTimeout time.Duration
	// Analysis bounds the cells, concurrency and time of the analyses
	// (api/analysis); its Timeout defaults to RequestTimeout.
	Analysis analysis.Limits
	// Rates are the request rate limits by role (api/limit; RoleAnonymous
	// for callers without a token, per address). nil: no rate limiting;
	// `zonegate serve` applies limit.DefaultRates.
	Rates map[data.Role]Rate
	// MaxStreams caps the open event streams in total, MaxStreamsPerToken
	// per token (per address without one). 0: limit.DefaultMaxStreams,
	// limit.DefaultMaxStreamsPerToken.
	MaxStreams, MaxStreamsPerToken int
}

// AuthOptions say who may call without a token and how long tokens are
// trusted.
type AuthOptions struct {
	// AnonymousRole is the role of callers without a token: a data.Role,
	// or AnonymousNone to require a token for every non-public route.
	// Empty: DefaultAnonymousRole (viewer). An unknown role is AnonymousNone.
	AnonymousRole data.Role
	// TokenCacheTTL is how long a token read from the store is trusted:
	// a revocation the change feed does not announce takes effect within
	// it (see DefaultTokenCacheTTL). 0: DefaultTokenCacheTTL; negative:
	// every authenticated request reads the store.
	TokenCacheTTL time.Duration
}

// MapOptions configure the map page and its vector tiles.
type MapOptions struct {
	// BasemapURL is an optional raster tile URL template ({z}/{x}/{y}, e.g.
	// Tianditu with a key) drawn under the zones in the map page's style.
	// Empty: offline, the counties are the base map.
	BasemapURL string
	// Basemap is the layered raster basemap (Tianditu, XYZ templates) with
	// its map review number; drawn under BasemapURL. Zero: offline.
	Basemap style.Basemap
	// TileCacheBytes bounds the memory of rendered vector tiles kept for
	// reuse. 0: DefaultTileCacheBytes; negative: no caching.
	TileCacheBytes int64
}

// Server serves the HTTP API. Create it with New; it is an http.Handler.
type Server struct {
	store    data.Store
	index    *index.Index
	bulk     pointio.Scratch // batch and stream answers' pooled memory
	follower *follow.Follower
	rules    *rules.RuleSet
	log      *slog.Logger
	now      func() time.Time
	loc      *time.Location
	limits   limits
	router   chi.Router
	// zonesAtRoute is what serveZonesAt (zonesat_serve.go) needs of GET
	// /v1/zones/at's route, looked up once.
	zonesAtRoute zonesAtRoute

	// Request ids (api/reqctx).
	ids     *reqctx.IDs
	answers answerBuffers // zonesjson.go

	// Operations: metrics.go; the inspection log (api/inspectlog).
	metrics *metrics
	inspect *inspectlog.Writer
	// checkStates are the checkStates of finished checks (checks.go).
	// Reusing one saves two allocations a check and more than half its
	// garbage (~4 KB).
	checkStates sync.Pool

	// Limits on callers: api/limit, applied in ratelimit.go and
	// events_stream.go.
	rate    *limit.Rates // nil: no rate limits
	streams *limit.Streams

	// Callers: auth.go.
	anonRole   data.Role                        // role of callers without a token
	anonCaller *wire.Caller                     // every anonymous request's caller; never changed
	tokens     *tokencache.Cache[*bearer.Token] // api/tokencache, api/bearer

	// The map and its tiles: styles.go, tiles.go.
	basemapURL string
	tileCache  *tiles.Cache
	tileRender *tiles.Renderer // keeps per-zone render data between tiles
	basemap    style.Basemap   // raster basemap layers and credits (styles.go)

	// Sub-services with their own packages.
	ogc      *ogc.Handler      // OGC API – Features and editing (api/ogc)
	live     *live.Tracker     // vehicle states, event streams, webhooks (api/live)
	analysis *analysis.Handler // kiln, sewer and terrain endpoints (api/analysis)
	mapData  *mapdata.Handler  // label points and glyphs of the map (api/mapdata)

	routes route.Cache // designated routes and checkpoints in force (geo/route)
}

type limits struct {
	body, batchBody       int64
	importBody            int64
	batchPoints, routePts int
	maxVertices           int
	maxParts              int
	timeout               time.Duration
}

// New builds a server. Call Close to flush the inspection log.
func New(o Options) *Server {
	l := o.Limits
	s := &Server{
		store: o.Store, index: o.Index, follower: o.Follower, rules: o.Rules,
		log: o.Logger, now: o.Now, loc: o.Location, basemapURL: o.Map.BasemapURL, basemap: o.Map.Basemap,
		limits: limits{
			body: orDefault(l.MaxBodyBytes, DefaultMaxBodyBytes), batchBody: orDefault(l.MaxBatchBytes, DefaultMaxBatchBytes),
			batchPoints: orDefault(l.MaxBatchPoints, DefaultMaxBatchPoints), routePts: orDefault(l.MaxRoutePoints, DefaultMaxRoutePoints),
			importBody:  orDefault(l.MaxImportBytes, DefaultMaxImportBytes),
			timeout:     orDefault(l.RequestTimeout, DefaultRequestTimeout),
			maxVertices: l.MaxVertices, maxParts: l.MaxParts,
		},
	}
	if s.rules == nil {
		s.rules = rules.Default()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = wire.DefaultLocation()
	}
	registry := o.Registry
	if registry == nil {
		registry = newRegistry()
	}
	s.anonRole = anonymousRole(o.Auth.AnonymousRole, s.log)
	s.anonCaller = &wire.Caller{Role: s.anonRole}
	s.ids = reqctx.NewIDs()
	tokenTTL := o.Auth.TokenCacheTTL
	if tokenTTL == 0 {
		tokenTTL = DefaultTokenCacheTTL
	}
	s.tokens = tokencache.New(s.store, tokenTTL, bearer.NewToken)
	s.tileCache = tiles.NewCache(tileCacheBytes(o.Map.TileCacheBytes))
	s.tileRender = tiles.NewRenderer(tiles.Options{})
	s.metrics = newMetrics(registry, s.index, s.follower, s.tileCache, s.store)
	s.inspect = inspectlog.New(inspectlog.Options{Store: s.store, Logger: s.log, Refused: s.metrics.inspectDropped,
		Failed: s.metrics.inspectFailed, UnknownStations: s.metrics.unknownStation})
	s.ogc = ogc.New(ogc.Options{Store: s.store, Index: s.index, Follower: s.follower, Now: s.now, Location: s.loc,
		MaxBodyBytes: s.limits.body, MaxVertices: s.limits.maxVertices, MaxParts: s.limits.maxParts})
	s.live = live.New(o.Live, live.Deps{Store: s.store, Logger: s.log, Registry: registry, OffRoute: s.fixOffRoute})
	s.rate = limit.NewRates(l.Rates)
	s.streams = limit.NewStreams(l.MaxStreams, l.MaxStreamsPerToken)
	al := l.Analysis
	if al.Timeout <= 0 {
		al.Timeout = s.limits.timeout
	}
	s.analysis = analysis.New(analysis.Options{Index: s.index, TileCache: s.tileCache, DEMs: o.DEMs, Kiln: o.Kiln,
		Now: s.now, Location: s.loc, MaxBodyBytes: s.limits.body, Limits: al,
		LimitHit: func(limit string) { s.metrics.limitHits.WithLabelValues(limit).Inc() }})
	s.mapData = mapdata.New(mapdata.Options{Index: s.index, Now: s.now, Location: s.loc})
	s.router = s.newRouter()
	need, ok := routeRoles[http.MethodGet+" "+zonesAtPath]
	s.zonesAtRoute = zonesAtRoute{need, ok, s.metrics.handles(zonesAtPath, http.MethodGet, http.StatusOK)}
	return s
}

func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// newRouter builds the route table: every route the server answers.
func (s *Server) newRouter() chi.Router {
	r := chi.NewRouter()
	// The request id and route context come from ServeHTTP (api/reqctx).
	// serveZonesAt runs these same middlewares' steps for GET
	// /v1/zones/at: keep the two in step.
	r.Use(s.recoverer, s.authenticate, s.instrument, s.rateLimit)
	// OPTIONS answers Allow for any route; HEAD runs the GET route.
	r.Use(openapi.Options(r, s.mayCall), middleware.GetHead)
	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such endpoint: " + r.URL.Path}
	}))
	r.MethodNotAllowed(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: r.Method + " is not allowed on " + r.URL.Path}
	}))

	// Every route is registered in this group, whose authorize middleware
	// runs after routing and checks the role table (auth.go). Routes are
	// flat (no sub-routers) so that the pattern it sees is the full one.
	// Handlers are methods of Server in the file named after them (zones.go
	// holds zonesAt), or of a sub-package's handler (s.ogc: api/ogc).
	// Only routes that wait on the store get the request deadline (store);
	// lookups and checks answer from memory in microseconds, and a
	// per-request timer would be a tenth of their cost.
	r.Group(func(r chi.Router) {
		r.Use(s.authorize)
		store := r.With(middleware.Timeout(s.limits.timeout))

		// Operations: health.go, metrics.go.
		r.Get("/healthz", s.handle(s.healthz))
		r.Get("/readyz", s.handle(s.readyz))
		r.Method(http.MethodGet, "/metrics", s.metricsHandler())

		// The map page and its assets: web.go, styles.go; / answers the
		// OGC landing page to JSON clients.
		r.Get("/", s.handle(s.webPage))
		r.Get("/static/*", s.handle(s.webStatic))
		r.Get("/styles/{name}.json", s.handle(s.getStyle))
		r.Get("/fonts/{fontstack}/{range}.pbf", s.handle(s.mapData.Glyphs)) // api/mapdata
		r.Get("/v1/labels", s.handle(s.mapData.Labels))

		// Vector tiles of the zones: tiles.go.
		r.Get("/tiles/{tileset}/{z}/{x}/{y}.mvt", s.handle(s.getTile))
		r.Get("/tiles/{tileset}.json", s.handle(s.getTileJSON))

		// OGC API – Features Part 1 (read) and Part 4 (edit), publishing
		// and history: api/ogc.
		r.Get("/api", s.handle(s.apiDocument)) // openapi.go, from this table
		r.Get("/conformance", s.handle(s.ogc.Conformance))
		r.Get("/collections", s.handle(s.ogc.Collections))
		r.Get("/collections/{layer}", s.handle(s.ogc.Collection))
		r.Get("/collections/{layer}/queryables", s.handle(s.ogc.Queryables))
		r.Get("/collections/{layer}/items", s.handle(s.ogc.Items))
		r.Get("/collections/{layer}/items/{id}", s.handle(s.ogc.Item))
		store.Post("/collections/{layer}/items", s.handle(s.ogc.CreateItem))
		store.Put("/collections/{layer}/items/{id}", s.handle(s.ogc.ReplaceItem))
		store.Patch("/collections/{layer}/items/{id}", s.handle(s.ogc.PatchItem))
		store.Delete("/collections/{layer}/items/{id}", s.handle(s.ogc.DeleteItem))
		store.Post("/v1/zones/{layer}/{id}/publish", s.handle(s.ogc.PublishZone))
		store.Get("/v1/zones/{layer}/{id}/versions", s.handle(s.ogc.Versions))
		store.Get("/v1/zones/{layer}/{id}/versions/{version}", s.handle(s.ogc.Version))

		// Bulk imports of Shapefile, GeoPackage, KML, CSV, GeoJSON:
		// imports.go. Reading a large file outlasts the store deadline.
		r.Post("/v1/imports", s.handle(s.postImport))

		// Zone lookups and checks: layers.go, zones.go, batch.go,
		// checks.go, checkpoint.go.
		r.Get("/v1/layers", s.handle(s.listLayers))
		r.Get(zonesAtPath, s.handle(s.zonesAt)) // ServeHTTP runs it without routing
		r.Post("/v1/zones/at", s.handle(s.zonesAtBatch))
		r.Post("/v1/zones/at/stream", s.handle(s.zonesAtStream)) // zonestream.go
		r.Post("/v1/checks/coal-truck", s.handle(s.checkCoalTruck))
		r.Get("/v1/checkpoints/nearest", s.handle(s.nearestCheckpoint))

		// Analyses, elevation and the terrain tiles: api/analysis. The
		// more specific terrain tile routes win over the zone tiles'.
		r.Post("/v1/analysis/kiln-site", s.handle(s.analysis.KilnSite))
		r.Get("/v1/analysis/kiln-capacity", s.handle(s.analysis.KilnCapacity))
		r.Get("/v1/analysis/sewer-coverage", s.handle(s.analysis.SewerCoverage))
		r.Get("/v1/analysis/sewer-coverage/point", s.handle(s.analysis.SewerPoint))
		r.Get("/v1/terrain/elevation", s.handle(s.analysis.Elevation))
		r.Get("/v1/statistics/clean-heating", s.handle(s.cleanHeatingStats)) // statistics.go
		r.Get("/tiles/hillshade/{z}/{x}/{y}.png", s.handle(s.analysis.HillshadeTile))
		r.Get("/tiles/contours/{z}/{x}/{y}.mvt", s.handle(s.analysis.ContourTile))
		r.Get("/tiles/hillshade.json", s.handle(s.analysis.HillshadeTileJSON))
		r.Get("/tiles/contours.json", s.handle(s.analysis.ContourTileJSON))

		// Live tracking: tracks.go, events.go (the state is api/live).
		// An event stream outlives any timeout; JSON reads set their own.
		store.Post("/v1/tracks", s.handle(s.postTracks))
		r.Get("/v1/events", s.handle(s.listEvents))
		store.Get("/v1/webhooks", s.handle(s.listWebhooks))

		// The inspection log and audit trail: inspections.go, reports.go,
		// audit.go.
		store.Get("/v1/inspections", s.handle(s.listInspections))
		store.Get("/v1/reports/inspections", s.handle(s.inspectionsReport))
		store.Get("/v1/audit", s.handle(s.listAudit))
	})
	return r
}

// ServeHTTP implements http.Handler: it puts the request's state
// (api/reqctx) in its context and runs the router, or serves GET
// /v1/zones/at itself as the router's chain would (serveZonesAt), without
// the routing.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == zonesAtPath && r.URL.RawPath == "" {
		s.serveZonesAt(w, r)
		return
	}
	s.router.ServeHTTP(w, reqctx.With(s.ids, w, r, s.router))
}

// zonesAtPath is the path of the point lookup, the busiest route.
const zonesAtPath = "/v1/zones/at"

// Close ends event streams, stops webhook delivery and flushes pending
// inspection records to the store, waiting at most until ctx ends.
func (s *Server) Close(ctx context.Context) error {
	s.CloseStreams() // events_stream.go
	s.tokens.Close()
	return s.inspect.Close(ctx)
}

// recoverer turns a panic into a logged 500 in the error shape, so a bug in
// one handler never takes the process down or leaks a stack trace.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()), "panic", v)
				s.writeError(w, r, &Error{Status: http.StatusInternalServerError, Code: "internal",
					Message: "internal error; the request id is in the server log"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
