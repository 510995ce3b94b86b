package wire_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
)

// internalText is what must never reach a client in a 4xx message.
var internalText = []string{"sqlite:", "postgis:", "data:", "geo: invalid", "SQLSTATE", "duplicate key", "commit:"}

// answer runs err through WriteError and returns the status, the error
// shape and what was logged.
func answer(t *testing.T, err error) (int, wire.Error, string) {
	t.Helper()
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := httptest.NewRecorder()
	wire.WriteError(log, rec, httptest.NewRequest(http.MethodGet, "/x", nil), err)
	var body struct {
		Error wire.Error `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	return rec.Code, body.Error, logged.String()
}

func TestWriteErrorMessages(t *testing.T) {
	t.Parallel()
	pgDup := &pgconn.PgError{Code: "23505", Severity: "ERROR", Message: `duplicate key value violates unique constraint "audit_log_pkey"`}
	tests := []struct {
		name   string
		err    error
		status int
		msg    string
	}{
		{"stale version from sqlite",
			fmt.Errorf("sqlite: commit: %w", fmt.Errorf("zone %s/%s: version %d, latest is %d: %w", "coal", "a", 3, 2, data.ErrConflict)),
			409, "zone coal/a: version 3, latest is 2"},
		{"unique violation classified by postgis",
			fmt.Errorf("postgis: commit: %w", fmt.Errorf("%w: %w", pgDup, fmt.Errorf("another request stored the same key first; reload and try again: %w", data.ErrConflict))),
			409, "another request stored the same key first; reload and try again"},
		{"sentinel joined with a driver error",
			fmt.Errorf("postgis: commit: %w", fmt.Errorf("%w: %w", data.ErrConflict, pgDup)),
			409, "the change conflicts with a concurrent one; reload and try again"},
		{"not found inside a transaction", fmt.Errorf("sqlite: revoke token x: %w", fmt.Errorf("token %s: %w", "x", data.ErrNotFound)), 404, "token x"},
		{"not found with the prefix outside", fmt.Errorf("postgis: %w", fmt.Errorf("zone %s/%s: %w", "coal", "x", data.ErrNotFound)), 404, "zone coal/x"},
		{"invalid in the middle", fmt.Errorf("sqlite: commit: %w", fmt.Errorf("zone %s: %w: %v", "z1", geo.ErrInvalid, `status "x"`)), 400, `zone z1: status "x"`},
		{"invalid first", fmt.Errorf("decode: %w", fmt.Errorf("%w: feature has no geometry", geo.ErrInvalid)), 400, "feature has no geometry"},
		{"only the sentinel", geo.ErrInvalid, 400, "invalid input"},
		{"wire error as it is", wire.BadRequest("invalid_point", "lat", "lat %q is out of range", "91"), 400, `lat "91" is out of range`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, e, logged := answer(t, tc.err)
			if status != tc.status || e.Message != tc.msg {
				t.Errorf("WriteError(%q) = %d %q, want %d %q", tc.err, status, e.Message, tc.status, tc.msg)
			}
			for _, bad := range internalText {
				if strings.Contains(e.Message, bad) {
					t.Errorf("message %q contains %q", e.Message, bad)
				}
			}
			if tc.err.Error() != e.Error() && !strings.Contains(logged, "request refused") {
				t.Errorf("the full cause was not logged: %q", logged)
			}
		})
	}
}

// TestStoreConflictMessages makes real conflicts in both stores and checks
// what a client would be told.
func TestStoreConflictMessages(t *testing.T) {
	t.Parallel()
	open := map[string]func(t *testing.T) data.Store{
		"sqlite": func(t *testing.T) data.Store {
			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "z.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"postgis": func(t *testing.T) data.Store {
			dsn, _ := postgistest.Schema(t)
			s, err := postgis.Open(t.Context(), dsn, postgis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			defer s.Close()
			if _, err := s.PutLayer(t.Context(), geo.Layer{ID: "coal", Kind: geo.KindCoalBan, Title: "coal"}); err != nil {
				t.Fatal(err)
			}
			z := func(v int64) *geo.Zone {
				return &geo.Zone{Layer: "coal", ID: "a", Kind: geo.KindCoalBan, Name: "a", Version: v, Status: geo.StatusPublished,
					Geometry: orb.Polygon{{{111.5, 36}, {111.51, 36}, {111.51, 36.01}, {111.5, 36.01}, {111.5, 36}}}}
			}
			if err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z(0)}}); err != nil {
				t.Fatal(err)
			}
			err := s.Commit(t.Context(), data.Batch{Append: []*geo.Zone{z(3)}})
			if !errors.Is(err, data.ErrConflict) {
				t.Fatalf("stale Commit: %v, want ErrConflict", err)
			}
			status, e, logged := answer(t, err)
			if status != 409 || e.Message != "zone coal/a: version 3, latest is 1" || !strings.Contains(logged, name+": commit") {
				t.Errorf("stale version: %d %q (logged %q), want 409 %q with the cause logged", status, e.Message, logged, "zone coal/a: version 3, latest is 1")
			}
			_, err = s.Zone(t.Context(), "coal", "nope")
			if status, e, _ := answer(t, err); status != 404 || e.Message != "zone coal/nope" {
				t.Errorf("missing zone: %d %q, want 404 %q", status, e.Message, "zone coal/nope")
			}
		})
	}
	t.Run("postgis unique violation", func(t *testing.T) {
		t.Parallel()
		dsn, _ := postgistest.Schema(t)
		s, err := postgis.Open(t.Context(), dsn, postgis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// An audit row appended behind the store's back takes the seq the
		// store assigns next: its insert violates the primary key.
		postgistest.Exec(t, dsn, `INSERT INTO audit_log (seq, time, actor, action, layer, zone_id, version, prev_hash, hash)
			VALUES (1, now(), 'x', 'x', '', '', 0, '', '')`)
		err = s.AppendAudit(t.Context(), []*data.AuditEntry{{Actor: "editor", Action: data.ActionPublish}})
		if !errors.Is(err, data.ErrConflict) || !strings.Contains(err.Error(), "SQLSTATE 23505") {
			t.Fatalf("AppendAudit onto a taken seq: %v, want ErrConflict from SQLSTATE 23505", err)
		}
		status, e, logged := answer(t, err)
		if status != 409 || e.Message != "another request stored the same key first; reload and try again" || !strings.Contains(logged, "SQLSTATE 23505") {
			t.Errorf("unique violation: %d %q (logged %q)", status, e.Message, logged)
		}
		for _, bad := range internalText {
			if strings.Contains(e.Message, bad) {
				t.Errorf("message %q contains %q", e.Message, bad)
			}
		}
	})
}
