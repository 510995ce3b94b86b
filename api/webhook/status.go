package webhook

import (
	"context"
	"fmt"
	"net/url"

	"github.com/zonegate/zonegate/data"
)

// Status is one configured endpoint's delivery state: its stored cursor
// and how many stored events it has not acknowledged yet (at most
// maxPending; PendingCapped says the true count is larger).
type Status struct {
	data.WebhookState
	Pending       int  `json:"pending"`
	PendingCapped bool `json:"pending_capped,omitempty"`
}

// Status returns the state of every configured endpoint, in configuration
// order. An endpoint with no stored cursor yet has delivered nothing.
func (d *Dispatcher) Status(ctx context.Context) ([]Status, error) {
	states, err := d.o.Store.WebhookStates(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhook states: %w", err)
	}
	byURL := make(map[string]data.WebhookState, len(states))
	for _, s := range states {
		byURL[s.URL] = s
	}
	out := make([]Status, 0, len(d.o.URLs))
	for _, u := range d.o.URLs {
		st, ok := byURL[u]
		if !ok {
			st = data.WebhookState{URL: u}
		}
		evs, err := d.o.Store.Events(ctx, data.EventFilter{AfterID: st.Delivered, Limit: maxPending + 1})
		if err != nil {
			return nil, fmt.Errorf("pending events of %s: %w", u, err)
		}
		out = append(out, Status{WebhookState: st, Pending: min(len(evs), maxPending), PendingCapped: len(evs) > maxPending})
	}
	return out, nil
}

// CheckURL reports whether u can be a webhook endpoint: an absolute http
// or https URL with a host.
func CheckURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("webhook %q: %w", u, err)
	}
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("webhook %q: want an absolute http:// or https:// URL", u)
	}
	return nil
}
