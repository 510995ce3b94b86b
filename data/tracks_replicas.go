package data

import (
	"context"
)

// EventSubscriber is implemented by stores shared by several replicas
// (PostGIS): Subscribe-like notifications of events committed by any of
// them, so event streams need not wait for their poll.
type EventSubscriber interface {
	// SubscribeEvents returns a channel that receives the highest event ID
	// announced so far whenever events are committed (by any replica), and
	// again after the store may have missed announcements (a reconnect).
	// Values coalesce; the channel closes when ctx ends or the store
	// closes.
	SubscribeEvents(ctx context.Context) <-chan int64
}

// Leaser is implemented by stores shared by several replicas (PostGIS): it
// hands out named leases, each held by at most one holder at a time, so
// one replica does a job (delivering one webhook endpoint's events) that
// any of them could do.
type Leaser interface {
	// TryLease takes the lease name if nobody holds it, without waiting: it
	// returns the lease, or nil when another holder has it.
	TryLease(ctx context.Context, name string) (Lease, error)
}

// Lease is one held lease. It ends when Release is called or when its
// holder dies (its process or its connection to the store), and then
// another holder can take it within seconds.
type Lease interface {
	// Lost returns a channel closed when the lease is found lost (the
	// connection that holds it failed) or released.
	Lost() <-chan struct{}
	// Release gives the lease up.
	Release()
}
