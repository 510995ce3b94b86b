package api_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawExchange writes req on a fresh connection and returns the answer.
func rawExchange(t *testing.T, addr, req string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestGoErrorsAsJSON: the answers net/http writes itself, before any
// handler runs, come in the JSON error shape with their status.
func TestGoErrorsAsJSON(t *testing.T) {
	t.Parallel()
	ts := newLimitServer(t, 16, func(s *http.Server) { s.MaxHeaderBytes = 4096 })
	addr := ts.Listener.Addr().String()
	cases := []struct {
		name, req string
		status    int
		body      string
	}{
		{"missing Host", "GET /healthz HTTP/1.1\r\n\r\n", 400,
			`{"error":{"code":"bad_request","message":"malformed HTTP request: missing required Host header"}}`},
		{"bad request line", "GARBAGE\r\n\r\n", 400,
			`{"error":{"code":"bad_request","message":"malformed HTTP request"}}`}, // net/http gives no detail
		{"two Content-Lengths", "POST /v1/zones/at HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
			`{"error":{"code":"bad_request","message":"malformed HTTP request"}}`},
		{"headers too large", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431,
			`{"error":{"code":"headers_too_large","message":"the request's header fields are too large; send fewer or shorter headers"}}`},
		{"unknown transfer coding", "POST /v1/zones/at HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501,
			`{"error":{"code":"not_implemented","message":"unsupported Transfer-Encoding; send chunked or a Content-Length"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := rawExchange(t, addr, tc.req)
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json" || body != tc.body {
				t.Errorf("%d %s %s\nwant %d %s", resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status, tc.body)
			}
		})
	}
	// A handler's own plain answer on the same listener is untouched.
	resp, body := rawExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 200 || resp.Header.Get("Date") == "" || strings.Contains(body, "bad_request") {
		t.Errorf("/healthz through the listener: %d %v %s", resp.StatusCode, resp.Header, body)
	}
}
