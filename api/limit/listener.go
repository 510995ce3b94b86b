package limit

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zonegate/zonegate/api/wire"
)

// DefaultMaxConns is the connection cap `zonegate serve --max-conns`
// applies by default.
const DefaultMaxConns = 4096

// Listen wraps ln for http.Server.Serve:
//
//   - at most maxConns connections are open at once (maxConns <= 0: no
//     cap). When all are taken, Accept waits for one to close, so new
//     clients wait in the kernel's accept queue instead of failing with
//     "too many open files"; onWait (may be nil) is called each time.
//     Event streams are capped lower (Streams), so health checks still
//     find a slot when every stream is taken.
//   - the plain-text answers net/http writes itself, before any handler
//     runs (400 for bad framing such as a missing Host header or a
//     malformed request line, 431 for header fields over
//     http.Server.MaxHeaderBytes, 501 for an unknown Transfer-Encoding),
//     are rewritten into the JSON error shape with the same status.
//   - read and write deadlines are handed to the connection only when a
//     read or write they bound runs (deadline.go): net/http's timeouts
//     hold as before with a third of the timer work per request.
//
// This works for plain HTTP/1.x only: under TLS net/http writes those
// answers to the tls.Conn above this listener, and HTTP/2 has its own
// framing errors. Errors net/http only logs (a TLS handshake on a plain
// port, a connection closed mid-request) get no answer at all.
func Listen(ln net.Listener, maxConns int, onWait func()) net.Listener {
	if onWait == nil {
		onWait = func() {}
	}
	l := &limitListener{Listener: ln, done: make(chan struct{}), hit: onWait}
	if maxConns > 0 {
		l.sem = make(chan struct{}, maxConns)
	}
	return l
}

type limitListener struct {
	net.Listener
	sem       chan struct{} // nil: no cap
	hit       func()
	done      chan struct{}
	closeOnce sync.Once
}

// Accept waits for a free slot, then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	if l.sem != nil {
		select {
		case l.sem <- struct{}{}:
		default:
			l.hit()
			select {
			case l.sem <- struct{}{}:
			case <-l.done:
				return nil, net.ErrClosed
			}
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		if l.sem != nil {
			<-l.sem
		}
		return nil, err
	}
	jc := &jsonErrorConn{Conn: c}
	if l.sem != nil {
		jc.release = func() { <-l.sem }
	}
	return jc, nil
}

// Close stops waiting Accepts and closes the listener.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// jsonErrorConn frees its listener slot on Close and rewrites net/http's
// own error answers (see Listen).
type jsonErrorConn struct {
	net.Conn
	release   func() // nil: no slot
	closeOnce sync.Once
	deadlines // read and write deadlines, handed on lazily (deadline.go)
}

func (c *jsonErrorConn) Read(b []byte) (int, error) {
	if err := c.begin(&c.read, c.Conn.SetReadDeadline); err != nil {
		return 0, err
	}
	defer c.end(&c.read)
	return c.Conn.Read(b)
}

// SetReadDeadline keeps t for the next read, or hands it on at once
// during one.
func (c *jsonErrorConn) SetReadDeadline(t time.Time) error {
	return c.ask(&c.read, t, c.Conn.SetReadDeadline)
}

// SetWriteDeadline keeps t for the next write, or hands it on at once
// during one.
func (c *jsonErrorConn) SetWriteDeadline(t time.Time) error {
	return c.ask(&c.write, t, c.Conn.SetWriteDeadline)
}

// SetDeadline is SetReadDeadline and SetWriteDeadline.
func (c *jsonErrorConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// goErrorHeaders is what net/http writes between the status line and the
// body of its own error answers (net/http/server.go, conn.serve). Handler
// answers always carry a Date header, so they never match.
const goErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func (c *jsonErrorConn) Write(b []byte) (int, error) {
	if err := c.begin(&c.write, c.Conn.SetWriteDeadline); err != nil {
		return 0, err
	}
	defer c.end(&c.write)
	if out, ok := rewriteGoError(b); ok {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return c.Conn.Write(b)
}

func (c *jsonErrorConn) Close() error {
	err := c.Conn.Close()
	c.closeOnce.Do(func() {
		if c.release != nil {
			c.release()
		}
	})
	return err
}

// CloseWrite half-closes the connection as net/http does after a 431, when
// the underlying connection supports it.
func (c *jsonErrorConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// rewriteGoError turns one of net/http's plain-text error answers,
// "HTTP/1.1 <code> <text>" + goErrorHeaders + "<body>", into the JSON
// error shape. ok is false for anything else.
func rewriteGoError(b []byte) ([]byte, bool) {
	const proto = "HTTP/1.1 "
	if len(b) < len(proto)+3 || !bytes.HasPrefix(b, []byte(proto)) || b[len(proto)] != '4' && b[len(proto)] != '5' {
		return nil, false
	}
	head, body, found := bytes.Cut(b, []byte(goErrorHeaders))
	if !found || bytes.Contains(head, []byte("\r\n")) {
		return nil, false
	}
	code, err := strconv.Atoi(string(head[len(proto) : len(proto)+3]))
	if err != nil || http.StatusText(code) == "" {
		return nil, false
	}
	msg := string(body)
	// "400 Bad Request: missing required Host header" → the part after
	// the status, which says what was wrong.
	if _, detail, ok := strings.Cut(msg, ": "); ok {
		msg = detail
	}
	e := wire.Error{Status: code, Code: "bad_request", Message: "malformed HTTP request: " + msg}
	switch code {
	case http.StatusRequestHeaderFieldsTooLarge:
		e.Code, e.Message = "headers_too_large", "the request's header fields are too large; send fewer or shorter headers"
	case http.StatusNotImplemented:
		e.Code, e.Message = "not_implemented", "unsupported Transfer-Encoding; send chunked or a Content-Length"
	case http.StatusBadRequest:
		if msg == "400 Bad Request" {
			e.Message = "malformed HTTP request"
		}
	}
	js, _ := json.Marshal(struct {
		Error *wire.Error `json:"error"`
	}{&e})
	var out bytes.Buffer
	out.WriteString(proto + strconv.Itoa(code) + " " + http.StatusText(code) + "\r\n")
	out.WriteString("Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(js)) + "\r\nConnection: close\r\n\r\n")
	out.Write(js)
	return out.Bytes(), true
}
