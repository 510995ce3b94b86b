package limit

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// BenchmarkKeepAliveDeadlines is one keep-alive GET after another over
// loopback to a server with the four timeouts `zonegate serve` sets,
// through Listen, and bare (no timeouts, no Listen): cpu-ns/op is the whole process's CPU (client too).
func BenchmarkKeepAliveDeadlines(b *testing.B) {
	for _, bare := range []bool{false, true} {
		name := "timeouts+Listen"
		if bare {
			name = "bare" // no timeouts, the listener as it is: the floor's setup
		}
		b.Run(name, func(b *testing.B) { benchKeepAlive(b, bare) })
	}
}

func benchKeepAlive(b *testing.B, bare bool) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 120 * time.Second,
	}
	served := Listen(ln, 0, nil)
	if bare {
		hs = &http.Server{Handler: hs.Handler}
		served = ln
	}
	go func() { _ = hs.Serve(served) }()
	b.Cleanup(func() { _ = hs.Close() })
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	req := []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	get := func() {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get()
	var r0, r1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	b.ResetTimer()
	for range b.N {
		get()
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := time.Duration(r1.Utime.Nano() + r1.Stime.Nano() - r0.Utime.Nano() - r0.Stime.Nano())
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
