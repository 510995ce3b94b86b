package webhook

import (
	"context"
)

// LeasePrefix prefixes an endpoint's URL in the name of its lease.
const LeasePrefix = "zonegate.webhook "

// leased runs url's delivery loop until ctx ends: at once without
// Options.Leases, else whenever this dispatcher holds url's lease, which
// it asks for every LeaseRetry. Each turn of the loop starts from the
// stored cursor, so it continues where the previous holder stopped.
func (d *Dispatcher) leased(ctx context.Context, url string) {
	if d.o.Leases == nil {
		d.run(ctx, url)
		return
	}
	log := d.o.Logger.With("webhook", url)
	for ctx.Err() == nil {
		lease, err := d.o.Leases.TryLease(ctx, LeasePrefix+url)
		if err != nil && ctx.Err() == nil {
			log.Warn("take webhook lease", "err", err)
		}
		if lease == nil {
			if sleep(ctx, d.o.LeaseRetry) != nil {
				return
			}
			continue
		}
		log.Info("delivering webhook events from this replica")
		held, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-lease.Lost():
				cancel()
			case <-held.Done():
			}
		}()
		d.run(held, url)
		cancel()
		lease.Release()
		if ctx.Err() == nil {
			log.Warn("webhook lease lost; delivery paused until it is taken again")
		}
	}
}
