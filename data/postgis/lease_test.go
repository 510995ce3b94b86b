package postgis_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data/postgis"
	"github.com/zonegate/zonegate/data/postgis/postgistest"
)

// TestLeaseOneHolder takes a lease from two stores on one schema: only one
// holds it; after Release, and after the holder's session is killed (as
// when its process dies), the other gets it, and the killed holder sees
// Lost.
func TestLeaseOneHolder(t *testing.T) {
	a, dsn := fresh(t)
	app := "zonegate-lease-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	b := openDSN(t, postgistest.WithParam(dsn, "application_name", app), postgis.Options{})
	ctx := t.Context()
	la, err := a.TryLease(ctx, "hook")
	if err != nil || la == nil {
		t.Fatalf("first TryLease = %v, %v; want a lease", la, err)
	}
	if lb, err := b.TryLease(ctx, "hook"); err != nil || lb != nil {
		t.Fatalf("TryLease while held = %v, %v; want nil", lb, err)
	}
	if other, err := b.TryLease(ctx, "other"); err != nil || other == nil {
		t.Fatalf("TryLease of another name = %v, %v; want a lease", other, err)
	} else {
		other.Release()
	}
	la.Release()
	select {
	case <-la.Lost():
	default:
		t.Error("Release did not close Lost")
	}
	lb, err := b.TryLease(ctx, "hook")
	if err != nil || lb == nil {
		t.Fatalf("TryLease after Release = %v, %v; want a lease", lb, err)
	}
	// Kill b's lease session from outside: the lock goes with it.
	postgistest.Exec(t, dsn, `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND a.application_name = $1`, app)
	select {
	case <-lb.Lost():
	case <-time.After(5 * time.Second):
		t.Fatal("the killed holder did not see Lost within 5 s")
	}
	lb.Release()
	la, err = a.TryLease(ctx, "hook")
	if err != nil || la == nil {
		t.Fatalf("TryLease after the holder died = %v, %v; want a lease", la, err)
	}
	la.Release()
}
