package limit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// pipeConns is a wrapped end of a net.Pipe (which keeps deadlines as a
// TCP connection does) and its other end.
func pipeConns(t *testing.T) (*jsonErrorConn, net.Conn) {
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return &jsonErrorConn{Conn: a}, b
}

// TestLazyDeadlines: every read and write runs under the latest deadline
// asked for, whether it was asked for before the operation or during it.
func TestLazyDeadlines(t *testing.T) {
	t.Parallel()
	past := time.Now().Add(-time.Hour)
	buf := make([]byte, 4)

	c, _ := pipeConns(t)
	_ = c.SetReadDeadline(past)
	if _, err := c.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read after a past deadline: %v, want a timeout", err)
	}
	_ = c.SetReadDeadline(time.Time{})
	_ = c.SetWriteDeadline(past)
	if _, err := c.Write(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write after a past deadline: %v, want a timeout", err)
	}

	// A past deadline replaced before any read never fires.
	c, peer := pipeConns(t)
	_ = c.SetReadDeadline(past)
	_ = c.SetReadDeadline(time.Time{})
	go func() { _, _ = peer.Write([]byte("ping")) }()
	if n, err := c.Read(buf); err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("read with the deadline cleared: %q, %v", buf[:n], err)
	}

	// A deadline asked for during a blocked read wakes it.
	c, _ = pipeConns(t)
	done := make(chan error)
	go func() { _, err := c.Read(buf); done <- err }()
	time.Sleep(20 * time.Millisecond) // let the read block
	_ = c.SetReadDeadline(past)
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("blocked read after a past deadline: %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a deadline set during a read did not wake it")
	}

	// A future deadline fires during the read it bounds.
	c, _ = pipeConns(t)
	_ = c.SetDeadline(time.Now().Add(30 * time.Millisecond))
	if _, err := c.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past its deadline: %v, want a timeout", err)
	}
}

// countingListener counts the deadlines its connections are given.
type countingListener struct {
	net.Listener
	calls *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.calls}, nil
}

type countingConn struct {
	net.Conn
	calls *atomic.Int64
}

func (c countingConn) SetReadDeadline(t time.Time) error {
	c.calls.Add(1)
	return c.Conn.SetReadDeadline(t)
}

func (c countingConn) SetWriteDeadline(t time.Time) error {
	c.calls.Add(1)
	return c.Conn.SetWriteDeadline(t)
}

// TestLazyDeadlinesPerRequest: behind Listen, a keep-alive request to a
// server with all four timeouts set gives the connection at most 4
// deadlines (net/http asks for 8), and the timeouts still hold: an idle
// connection is closed after IdleTimeout, and one sending half a request
// after ReadHeaderTimeout.
func TestLazyDeadlinesPerRequest(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	hs := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }),
		ReadHeaderTimeout: 400 * time.Millisecond, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 300 * time.Millisecond,
	}
	go func() { _ = hs.Serve(Listen(countingListener{ln, &calls}, 0, nil)) }()
	t.Cleanup(func() { _ = hs.Close() })

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	get := func() {
		t.Helper()
		if _, err := fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get() // the first request also sets up the connection
	const n = 200
	before := calls.Load()
	for range n {
		get()
	}
	per := float64(calls.Load()-before) / n
	t.Logf("%.2f deadlines per request", per)
	if per > 4 {
		t.Errorf("%.2f deadlines given to the connection per request, want at most 4", per)
	}

	// The idle timeout still closes the connection; then a connection
	// that sends half a request head is closed by the header timeout.
	for _, half := range []string{"", "GET / HTTP/1.1\r\nHost: x\r\n"} {
		start := time.Now()
		if _, err := fmt.Fprint(c, half); err != nil {
			t.Fatal(err)
		}
		if b, err := br.ReadByte(); err == nil && half == "" {
			t.Fatalf("idle connection answered %q", b)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("connection after %q closed after %v, want well under a second", half, took)
		}
		if c, err = net.Dial("tcp", ln.Addr().String()); err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		br = bufio.NewReader(c)
	}
}
