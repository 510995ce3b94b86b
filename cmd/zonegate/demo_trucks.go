package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/zonegate/zonegate/data/demo/trucks"
	"github.com/zonegate/zonegate/data/demo/trucks/replay"
	"github.com/zonegate/zonegate/geo"
)

const demoTrucksSynopsis = `zonegate demo trucks — replay the synthetic coal-truck fleet to a server.

  zonegate demo trucks [--url http://127.0.0.1:8080] [--token T] [--speed 60] [--once] [--start DATE]

Thirty synthetic trucks (fixed seed) drive the demo region's designated coal
routes with a position every 30 s: 22 compliant, 4 entering a county seat's
coal-ban zone, 4 leaving their route for 300–600 m. Their positions go to
POST /v1/tracks one 30 s tick per request, so the server emits enter, exit,
off_route and on_route events (GET /v1/events, the map page's live feed).
A truck passing within 150 m of a demo checkpoint is checked there: the
check goes to POST /v1/checks/coal-truck (station = checkpoint id, the
truck's position and last positions, the simulated time, a coal load with
documents; most pass, a few lack a quality report or exceed the sulfur
limit). Checks are not idempotent: a replayed day logs its checks again.

--speed is simulated seconds per real second (60: a tick every 0.5 s; 0: as
fast as possible). Without --once the fleet drives again on the next day,
and so on, until interrupted. Positions are idempotent on plate and time:
replaying a day the server has seen stores nothing new, so pick another
--start to see the events again. The server must run the demo region
('zonegate serve --demo'); the token needs the inspector role. The
inspection log dates checks by the server's clock, not the simulated time.`

func runDemoTrucks(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo trucks", demoTrucksSynopsis, stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "base URL of the zonegate server")
	token := fs.String("token", "", "API token (role inspector or above); empty: anonymous")
	speed := fs.Float64("speed", 60, "simulated seconds per real second; 0: no pause")
	once := fs.Bool("once", false, "replay one day and stop")
	startS := fs.String("start", trucks.DefaultStart.Format(time.RFC3339), "first departure (RFC 3339, or a date for 08:00 China time)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	start, err := parseDemoStart(*startS)
	if err != nil {
		fmt.Fprintf(stderr, "--start: %v\n", err)
		return errUsage
	}
	rp := &replay.Replayer{Client: &http.Client{Timeout: time.Minute}, URL: strings.TrimRight(*url, "/"),
		Token: *token, Speed: *speed, Progress: stderr}
	for day := 0; ; day++ {
		from := start.AddDate(0, 0, day)
		st, err := rp.Day(ctx, from)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}
		fmt.Fprintf(stdout, "%s: %s\n", from.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339), st)
		if *once {
			return nil
		}
	}
}

// parseDemoStart reads RFC 3339, or a date meaning 08:00 China time.
func parseDemoStart(s string) (time.Time, error) {
	cst := time.FixedZone("CST", 8*3600)
	t, err := geo.ParseTime(s, cst)
	if err != nil {
		return t, err
	}
	if len(s) == len(time.DateOnly) {
		t = t.Add(8 * time.Hour)
	}
	return t, nil
}
