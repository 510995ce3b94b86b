package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// tileZooms are the zoom levels timed against PostGIS.
var tileZooms = []maptile.Zoom{8, 12, 15}

// tilePoints is how many of the seeded points choose the tiles.
const tilePoints = 300

// tileConns is the connections (PostGIS sessions, HTTP connections) used.
const tileConns = 2

// tiles times PostGIS ST_AsMVT against zonegate's tile endpoint for the
// tiles holding the first tilePoints points at each zoom, tileConns
// connections each, and prints tiles/s and the ratio. The polygons go
// into a temporary schema (geometry(MultiPolygon,4326), GiST index),
// dropped afterwards.
func (b *bench) tiles(ctx context.Context, dsn string, polys []polygon, zg server, out io.Writer) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return fmt.Errorf("postgis: %w", err)
	}
	defer pool.Close()
	schema := fmt.Sprintf("zgbench_%d_%d", time.Now().Unix(), rand.IntN(1e6))
	if err := loadPostGIS(ctx, pool, schema, polys); err != nil {
		return err
	}
	defer func() {
		// Dropped even when ctx is cancelled (SIGINT).
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = pool.Exec(dctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	}()
	var version string
	_ = pool.QueryRow(ctx, "SELECT postgis_lib_version()").Scan(&version)
	fmt.Fprintf(out, "\nTiles, uncached, %d connections each, over the tiles holding the first %d points: PostGIS %s ST_AsMVT(ST_AsMVTGeom(ST_Transform(geom,3857), ST_TileEnvelope(z,x,y), 4096, 64)) vs zonegate GET /tiles/zones/{z}/{x}/{y}.mvt?layers=%s\n",
		tileConns, tilePoints, version, benchLayer)
	fmt.Fprintf(out, "%-5s %6s %14s %14s %12s %12s %8s\n", "zoom", "tiles", "PostGIS t/s", "zonegate t/s", "PostGIS p50", "zonegate p50", "ratio")
	for _, z := range tileZooms {
		list := tileList(b.pts[:min(len(b.pts), tilePoints)], z)
		pg, err := measure(ctx, noCPU, tileConns, b.duration, 0, func(w int) (worker, func(), error) {
			return func(i int) (int, error) {
				_, err := postgisTile(ctx, pool, schema, list[(w*7919+i)%len(list)])
				return 1, err
			}, func() {}, nil
		})
		if err != nil {
			return fmt.Errorf("postgis z%d: %w", z, err)
		}
		zr, err := measure(ctx, zg.cpu, tileConns, b.duration, 0, func(w int) (worker, func(), error) {
			h, err := dialHTTP(zg.addr, "")
			if err != nil {
				return nil, nil, err
			}
			return func(i int) (int, error) {
				_, err := zonegateTile(h, list[(w*7919+i)%len(list)])
				return 1, err
			}, func() { h.Close() }, nil
		})
		if err != nil {
			return fmt.Errorf("zonegate tiles z%d: %w", z, err)
		}
		fmt.Fprintf(out, "z%-4d %6d %14s %14s %12s %12s %7.1f×\n", z, len(list), fmtRate(pg.rate()), fmtRate(zr.rate()), fmtDur(pg.p50), fmtDur(zr.p50), ratio(zr.rate(), pg.rate()))
	}
	fmt.Fprintln(out, "PostGIS runs on this machine too (its CPU is not read); tiles are asked in a fixed rotation, zonegate's tile cache is off.")
	return nil
}

// fmtRate prints a rate with a decimal when it is small.
func fmtRate(r float64) string {
	if r < 100 {
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.0f", r)
}

// noCPU is the CPU reader for servers whose CPU is not measured.
func noCPU() (time.Duration, error) { return 0, nil }

// tileList is the distinct tiles at zoom z holding pts, in first-seen order.
func tileList(pts []orb.Point, z maptile.Zoom) []maptile.Tile {
	seen := map[maptile.Tile]bool{}
	var out []maptile.Tile
	for _, p := range pts {
		t := maptile.At(p, z)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// loadPostGIS creates schema.zones(id, geom geometry(MultiPolygon,4326))
// with a GiST index and copies the polygons in as GeoJSON.
func loadPostGIS(ctx context.Context, pool *pgxpool.Pool, schema string, polys []polygon) error {
	for _, q := range []string{
		"CREATE SCHEMA " + schema,
		"CREATE TABLE " + schema + ".src (id text PRIMARY KEY, gj text NOT NULL)",
		"CREATE TABLE " + schema + ".zones (id text PRIMARY KEY, geom geometry(MultiPolygon,4326) NOT NULL)",
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("postgis: %s: %w", q, err)
		}
	}
	rows := make([][]any, len(polys))
	for i, p := range polys {
		g, err := geojson.NewGeometry(p.geom).MarshalJSON()
		if err != nil {
			return fmt.Errorf("postgis: encode %s: %w", p.id, err)
		}
		rows[i] = []any{p.id, string(g)}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{schema, "src"}, []string{"id", "gj"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("postgis: copy polygons: %w", err)
	}
	for _, q := range []string{
		"INSERT INTO " + schema + ".zones SELECT id, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326)) FROM " + schema + ".src",
		"CREATE INDEX ON " + schema + ".zones USING gist (geom)",
		"ANALYZE " + schema + ".zones",
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("postgis: %s: %w", q, err)
		}
	}
	return nil
}

// postgisTile renders one tile with ST_AsMVT, the GiST index chosen by
// the tile envelope (with its 64-unit buffer) taken back to 4326.
func postgisTile(ctx context.Context, pool *pgxpool.Pool, schema string, t maptile.Tile) ([]byte, error) {
	q := `SELECT ST_AsMVT(q, '` + benchLayer + `', 4096, 'geom') FROM (
  SELECT id, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64) AS geom
  FROM ` + schema + `.zones
  WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0/4096), 4326)) q`
	var mvt []byte
	err := pool.QueryRow(ctx, q, int(t.Z), int(t.X), int(t.Y)).Scan(&mvt)
	return mvt, err
}

// zonegateTile fetches one tile from zonegate (204 for an empty tile).
func zonegateTile(h *httpConn, t maptile.Tile) ([]byte, error) {
	target := "/tiles/zones/" + strconv.Itoa(int(t.Z)) + "/" + strconv.Itoa(int(t.X)) + "/" + strconv.Itoa(int(t.Y)) + ".mvt?layers=" + benchLayer
	st, b, err := h.do("GET", []byte(target), "", nil)
	if err != nil {
		return nil, err
	}
	if st != http.StatusOK && st != http.StatusNoContent {
		return nil, fmt.Errorf("GET %s: status %d: %.200s", target, st, b)
	}
	return b, nil
}
