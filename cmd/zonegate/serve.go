package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/api/analysis"
	"github.com/zonegate/zonegate/api/limit"
	"github.com/zonegate/zonegate/api/live"
	"github.com/zonegate/zonegate/api/webhook"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/demo/trucks/replay"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/rules"
	"github.com/zonegate/zonegate/tiles"
	"github.com/zonegate/zonegate/tiles/style"
)

const serveSynopsis = `zonegate serve — run the HTTP API.

The store is opened (created if missing), the published zones are loaded into
the in-memory index, and the server answers until SIGINT/SIGTERM, when it
finishes requests in flight and flushes the inspection log. With a SQLite
store, checks are first made durable in a journal beside the file
(FILE-checks-a, -b and -checks.lock: keep them with it) and moved into the
store in the background; a start after a crash replays it.

Examples:
  zonegate serve --demo                       # synthetic Linfen region in ./zonegate.db
  zonegate serve --store /var/lib/zonegate/zonegate.db --addr :8080
  zonegate serve --rules my-rules.json        # rules file instead of the built-in one
  zonegate serve --anonymous-role none        # every API call but health, metrics, styles and the page needs a token

Callers send "Authorization: Bearer <token>" (zonegate token create). Without
a token they get --anonymous-role: viewer by default (published layers, zones
and tiles), inspector with --demo unless the flag is given.

Limits (a refused request gets the JSON error shape with Retry-After; every
refusal counts in zonegate_limit_hits_total{limit} at /metrics):
  --rate ROLE=PER_SECOND[:BURST]  requests per token (per client address for
      callers without a token, ROLE anonymous), 429 beyond; repeatable; ROLE=off
      lifts a limit. Defaults: anonymous=100:400 and 200:800 for every
      role with a token (the map page asks for ~40 requests when it opens).
      /healthz, /readyz and /metrics are never limited.
  --max-streams N, --max-streams-per-token N  open GET /v1/events streams
      (503 when the server is full, 429 when the caller is); keep N below
      --max-conns so health checks always find a connection.
  --max-conns N  open connections; beyond it new clients wait to be accepted.
  --analysis-concurrency N, --analysis-max-cells N  sewer coverage and kiln
      site computations at once per endpoint (then a short queue, then 503),
      and raster cells per analysis (400 naming service_m beyond).`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", serveSynopsis, stderr)
	storePath := storeFlag(fs)
	auditKeyFile := auditKeyFlag(fs)
	addr := fs.String("addr", "localhost:8080", "listen address host:port (\":8080\" listens on all interfaces)")
	withDemo := fs.Bool("demo", false, "fill an empty store with the synthetic Linfen demo region")
	simulate := fs.Bool("simulate", false, "with --demo: replay the synthetic truck fleet to POST /v1/tracks in-process")
	rulesFile := fs.String("rules", "", "rules file (JSON) replacing the built-in Linfen 2020 rules")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	maxVertices := fs.Int("max-vertices", geo.DefaultMaxVertices, "most vertices one edited zone may have (negative: no limit)")
	maxParts := fs.Int("max-parts", geo.DefaultMaxParts, "most polygons one edited MultiPolygon zone may have; more is refused with 422 too_many_parts before validation (negative: no limit)")
	tileCacheMB := fs.Int64("tile-cache-mb", 256, "memory for rendered vector tiles, in MiB")
	basemapURL := fs.String("basemap-url", "", "alias of --basemap with one XYZ URL template (kept for old scripts)")
	var basemaps stringList // raster basemap layers, bottom to top (tiles/style.ParseBasemap)
	fs.Var(&basemaps, "basemap", "raster basemap under the zones, repeatable, layered bottom to top: none (offline, the default), "+
		"tianditu-vec (天地图 vec_w + cva_w), tianditu-img (img_w + cia_w), or an http(s) XYZ URL template with {z}/{x}/{y}. "+
		"Tianditu is CGCS2000 and needs no shift; GCJ-02 tiles (AMap, Tencent) are offset by hundreds of metres and are not supported")
	tiandituKey := fs.String("tianditu-key", "", "Tianditu key for --basemap tianditu-*; default $ZONEGATE_TIANDITU_KEY")
	reviewNo := fs.String("map-review-no", "", "map review number (审图号) of the basemap, shown with its attribution, e.g. \"GS(2024)0650号\"")
	var webhooks stringList // live-tracking event delivery (api/webhook)
	fs.Var(&webhooks, "webhook", "URL that receives every vehicle event by POST, at least once, with an Idempotency-Key (repeatable)")
	webhookSecret := fs.String("webhook-secret", "", "key that signs webhook bodies (header X-Zonegate-Signature: sha256=HMAC)")
	anonRole := fs.String("anonymous-role", string(api.DefaultAnonymousRole), "role of callers without a token: none, viewer, inspector, editor or admin (with --demo and not given: inspector)")
	var rateFlags stringList
	fs.Var(&rateFlags, "rate", "rate limit ROLE=PER_SECOND[:BURST] or ROLE=off, ROLE one of anonymous (per address), viewer, inspector, editor, admin (repeatable; defaults above)")
	maxStreams := fs.Int("max-streams", limit.DefaultMaxStreams, "most open event streams (GET /v1/events as SSE) in total")
	maxStreamsPerToken := fs.Int("max-streams-per-token", limit.DefaultMaxStreamsPerToken, "most open event streams per token (per address without one)")
	maxConns := fs.Int("max-conns", limit.DefaultMaxConns, "most open connections (0: no limit); must exceed --max-streams")
	analysisConcurrency := fs.Int("analysis-concurrency", analysis.DefaultConcurrency, "computations at once per analysis endpoint (sewer coverage, kiln site); others queue briefly, then 503")
	analysisMaxCells := fs.Int64("analysis-max-cells", sewer.DefaultMaxCells, "most raster cells one analysis may use (sewer coverage); larger requests get 400")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rates := limit.DefaultRates()
	for _, v := range rateFlags {
		role, r, on, err := limit.ParseRate(v)
		if err != nil {
			return fmt.Errorf("--rate: %w", err)
		}
		if on {
			rates[role] = r
		} else {
			delete(rates, role)
		}
	}
	switch {
	case *maxStreams < 1 || *maxStreamsPerToken < 1:
		return fmt.Errorf("--max-streams %d and --max-streams-per-token %d must be at least 1", *maxStreams, *maxStreamsPerToken)
	case *maxConns < 0 || *maxConns > 0 && *maxConns <= *maxStreams:
		return fmt.Errorf("--max-conns %d must be 0 (no limit) or more than --max-streams %d, so health checks find a connection when every stream is open", *maxConns, *maxStreams)
	case *analysisConcurrency < 1 || *analysisMaxCells < 1:
		return fmt.Errorf("--analysis-concurrency %d and --analysis-max-cells %d must be at least 1", *analysisConcurrency, *analysisMaxCells)
	}
	log, err := newLogger(stderr, *logLevel, *logFormat)
	if err != nil {
		return err
	}
	if *tiandituKey == "" {
		*tiandituKey = os.Getenv("ZONEGATE_TIANDITU_KEY")
	}
	basemap, err := style.ParseBasemap(basemaps, *tiandituKey, *reviewNo)
	if err != nil {
		return fmt.Errorf("--basemap: %w", err)
	}
	for _, u := range webhooks {
		if err := webhook.CheckURL(u); err != nil {
			return fmt.Errorf("--webhook: %w", err)
		}
	}
	anonGiven := false
	fs.Visit(func(f *flag.Flag) { anonGiven = anonGiven || f.Name == "anonymous-role" })
	if _, env := os.LookupEnv("ZONEGATE_ANONYMOUS_ROLE"); env {
		anonGiven = true
	}
	anonymous, err := api.ParseAnonymousRole(*anonRole)
	if err != nil {
		return fmt.Errorf("--anonymous-role %q is not a role: want none, viewer, inspector, editor or admin", *anonRole)
	}
	if *withDemo && !anonGiven {
		anonymous = data.RoleInspector
		log.Warn("demo: anonymous callers get role inspector (checks and the inspection log without a token); give --anonymous-role to change this")
	}
	rs := rules.Default()
	if *rulesFile != "" {
		if rs, err = rules.LoadFile(*rulesFile); err != nil {
			return fmt.Errorf("rules: %w", err)
		}
	}

	// Listen before the store and the demo are loaded, so a bad or busy
	// --addr fails at once instead of after seconds of loading.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", *addr, err)
	}
	defer ln.Close()

	auditKey, err := readAuditKey(*auditKeyFile)
	if err != nil {
		return err
	}
	store, err := openServedStore(ctx, *storePath, log, auditKey)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := requireAuditKey(ctx, store, auditKey); err != nil {
		return err
	}
	if *withDemo {
		loaded, err := demo.Load(ctx, store)
		if err != nil {
			return fmt.Errorf("load demo region: %w", err)
		}
		if loaded {
			log.Info("demo region loaded (synthetic data)", "store", redact(*storePath))
		} else {
			log.Info("store already has layers; demo region not loaded again", "store", redact(*storePath))
		}
		if err := storeDemoDEM(ctx, store, log); err != nil { // dem_serve.go
			return err
		}
	}
	dems, err := loadDEMs(ctx, store, log) // dem_serve.go
	if err != nil {
		return err
	}

	ix := index.New(index.WithDeriver(tiles.Derive)) // tile render data made as zones are indexed: no cold first tile
	follower := follow.New(store, ix, log)
	start := time.Now()
	if err := follower.CatchUp(ctx); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	log.Info("anonymous access", "role", anonymous)
	log.Info("index loaded", "zones", ix.Snapshot().Len(), "took", time.Since(start).Round(time.Millisecond))
	followCtx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()
	go func() {
		if err := follower.Run(followCtx); err != nil {
			log.Error("change feed stopped", "err", err)
		}
	}()

	srv := api.New(api.Options{Store: store, Index: ix, Follower: follower, Rules: rs, Logger: log, DEMs: dems,
		Limits: api.Limits{MaxVertices: *maxVertices, MaxParts: *maxParts, Rates: rates, MaxStreams: *maxStreams, MaxStreamsPerToken: *maxStreamsPerToken,
			Analysis: analysis.Limits{Concurrency: *analysisConcurrency, MaxCells: *analysisMaxCells}},
		Auth: api.AuthOptions{AnonymousRole: anonymous},
		Map:  api.MapOptions{BasemapURL: *basemapURL, Basemap: basemap, TileCacheBytes: *tileCacheMB << 20},
		Live: live.Options{Webhooks: webhooks, WebhookSecret: *webhookSecret}})
	log.Info("limits", "rates", rates, "max_streams", *maxStreams, "max_streams_per_token", *maxStreamsPerToken,
		"max_conns", *maxConns, "analysis_concurrency", *analysisConcurrency, "analysis_max_cells", *analysisMaxCells)
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	httpSrv.RegisterOnShutdown(srv.CloseStreams) // event streams never end by themselves
	fmt.Fprintf(stdout, "zonegate listening on http://%s (store %s, %d zone versions)\n", ln.Addr(), redact(*storePath), ix.Snapshot().Len())

	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(srv.Listener(ln, *maxConns)) }()
	if *simulate {
		go replay.Simulate(followCtx, srv, store, log)
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("shutdown", "err", err)
	}
	if err := srv.Close(shutCtx); err != nil {
		log.Warn("flush inspection log", "err", err)
	}
	return nil
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("--log-format %q: want text or json", format)
	}
}
