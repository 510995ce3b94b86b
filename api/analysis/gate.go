package analysis

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/zonegate/zonegate/api/wire"
)

// Defaults of Limits.
const (
	DefaultConcurrency = 2                // computations at once per endpoint
	DefaultQueueWait   = 2 * time.Second  // longest wait for a free slot
	DefaultTimeout     = 30 * time.Second // deadline of one computation
)

// Limits bound the work of the analyses that cost seconds (sewer
// coverage, the kiln site check). Zero fields take the defaults.
type Limits struct {
	// MaxCells bounds the raster cells of one analysis, checked before
	// any grid is allocated (0: sewer.DefaultMaxCells).
	MaxCells int64
	// Concurrency is how many computations of one endpoint run at once;
	// QueueWait how long a request waits for a free slot before it is
	// answered 503 with Retry-After. Cached answers never wait.
	Concurrency int
	QueueWait   time.Duration
	// Timeout is the deadline of one computation; the grid loops check
	// it, and a request past it is answered 503.
	Timeout time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.Concurrency <= 0 {
		l.Concurrency = DefaultConcurrency
	}
	if l.QueueWait <= 0 {
		l.QueueWait = DefaultQueueWait
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultTimeout
	}
	return l
}

// gate lets at most cap(slots) computations of one endpoint run at once;
// the others wait up to wait for a slot.
type gate struct {
	endpoint string
	slots    chan struct{}
	wait     time.Duration
	onFull   func(endpoint string) // counts refusals; may be nil
}

func newGate(endpoint string, l Limits, onFull func(string)) *gate {
	return &gate{endpoint: endpoint, slots: make(chan struct{}, l.Concurrency), wait: l.QueueWait, onFull: onFull}
}

// acquire waits for a slot and returns its release. When none frees up
// within the gate's wait it fails with a 503 carrying Retry-After; when
// ctx ends first, with ctx's error.
func (g *gate) acquire(ctx context.Context) (func(), error) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		if g.onFull != nil {
			g.onFull(g.endpoint)
		}
		return nil, &wire.Error{Status: http.StatusServiceUnavailable, Code: "busy", RetryAfter: g.wait,
			Message: fmt.Sprintf("%s already runs %d computations, its limit, and none finished within %s; try again shortly",
				g.endpoint, cap(g.slots), g.wait)}
	}
}
