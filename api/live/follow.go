package live

import (
	"context"

	"github.com/zonegate/zonegate/data"
)

// follow wakes event streams and the webhook dispatcher whenever the store
// announces events committed by any replica, until ctx ends.
func (t *Tracker) follow(ctx context.Context, sub data.EventSubscriber) {
	for range sub.SubscribeEvents(ctx) {
		t.changed.Fire()
		if t.hooks != nil {
			t.hooks.Notify()
		}
	}
}
