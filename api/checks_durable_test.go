package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
)

// brokenLog is a store whose inspection log cannot be written.
type brokenLog struct{ data.Store }

func (brokenLog) LogInspections(context.Context, []*data.Inspection) error {
	return errors.New("disk I/O error")
}

// checkBody is a valid check from station.
func checkBody(station string) string {
	return "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"station":"` + station + `"}`
}

// TestCheckAnsweredAfterItsRecordIsCommitted: 64 concurrent clients send
// 10 checks each; every check answered 200 is in the store's inspection
// log when its answer arrives, read without waiting for the log writer.
func TestCheckAnsweredAfterItsRecordIsCommitted(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var missing []string
	for c := range 64 {
		wg.Go(func() {
			for i := range 10 {
				station := fmt.Sprintf("durable-%d-%d", c, i)
				code, _, body := ts.Do(t, http.MethodPost, "/v1/checks/coal-truck", "application/json", checkBody(station))
				if code != http.StatusOK {
					t.Errorf("check %s: status %d: %s", station, code, body)
					return
				}
				recs, err := ts.Store.Inspections(context.Background(), data.InspectionFilter{Station: station})
				if err != nil || len(recs) != 1 {
					mu.Lock()
					missing = append(missing, fmt.Sprintf("%s: %d records, %v", station, len(recs), err))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(missing) > 0 {
		t.Fatalf("%d answered checks not in the log, e.g. %s", len(missing), missing[0])
	}
}

// TestCheckLogUnavailable: when the inspection log cannot be written the
// check answers 503 log_unavailable with Retry-After, not a decision.
func TestCheckLogUnavailable(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t, func(o *api.Options) { o.Store = brokenLog{o.Store} })
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/checks/coal-truck", strings.NewReader(checkBody("G108-yaodu-01")))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans struct {
		Decision *string `json:"decision"`
		Error    struct {
			Code    string         `json:"code"`
			Message string         `json:"message"`
			Details map[string]any `json:"details"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" ||
		ans.Error.Code != "log_unavailable" || ans.Decision != nil {
		t.Fatalf("status %d, Retry-After %q, answer %+v; want 503, 1, log_unavailable without a decision",
			resp.StatusCode, resp.Header.Get("Retry-After"), ans)
	}
	if strings.Contains(ans.Error.Message, "disk") || ans.Error.Details["message_zh"] == nil {
		t.Fatalf("message %q, details %v: want no internal detail and a Chinese message", ans.Error.Message, ans.Error.Details)
	}
}

// TestCheckLogClosed: after Close the server answers checks 503.
func TestCheckLogClosed(t *testing.T) {
	t.Parallel()
	ts := apitest.New(t)
	if err := ts.API.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, _, body := ts.Do(t, http.MethodPost, "/v1/checks/coal-truck", "application/json", checkBody("G108-yaodu-01"))
	if code != http.StatusServiceUnavailable || !strings.Contains(string(body), `"log_unavailable"`) {
		t.Fatalf("status %d: %s; want 503 log_unavailable", code, body)
	}
}

// TestUnknownStationWarnedOnce: 5 checks from one unknown station and 2
// from another write one warning each.
func TestUnknownStationWarnedOnce(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&lockedBuffer{mu: &mu, b: &buf}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ts := apitest.New(t, func(o *api.Options) { o.Logger = logger })
	for _, st := range []string{"nowhere-1", "nowhere-1", "nowhere-2", "nowhere-1", "nowhere-2", "nowhere-1", "nowhere-1"} {
		if code, _, body := ts.Do(t, http.MethodPost, "/v1/checks/coal-truck", "application/json", checkBody(st)); code != http.StatusOK {
			t.Fatalf("check: status %d: %s", code, body)
		}
	}
	mu.Lock()
	log := buf.String()
	mu.Unlock()
	for _, st := range []string{"nowhere-1", "nowhere-2"} {
		if n := strings.Count(log, "station="+st+" "); n != 1 {
			t.Fatalf("station %s warned %d times, want once:\n%s", st, n, log)
		}
	}
	if n := strings.Count(log, "check from an unknown station"); n != 2 {
		t.Fatalf("%d warnings, want 2:\n%s", n, log)
	}
}

// lockedBuffer serialises writes of concurrent handlers.
type lockedBuffer struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
