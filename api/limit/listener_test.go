package limit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/zonegate/zonegate/api/wire"
)

// FuzzRewriteGoError: whatever a connection writes, the rewrite never
// panics, leaves anything but net/http's own error answers alone, and
// turns those into a well-formed HTTP/1.1 answer with a JSON error body
// and the same status.
func FuzzRewriteGoError(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 431 Request Header Fields Too Large" + goErrorHeaders + "431 Request Header Fields Too Large",
		"HTTP/1.1 400 Bad Request: missing required Host header" + goErrorHeaders + "400 Bad Request: missing required Host header",
		"HTTP/1.1 400 Bad Request" + goErrorHeaders + "400 Bad Request",
		"HTTP/1.1 501 Not Implemented" + goErrorHeaders + "Unsupported transfer encoding",
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: x\r\n\r\nok",
		"HTTP/1.1 999 Nope" + goErrorHeaders + "x",
		"HTTP/1.1 4",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, ok := rewriteGoError(b)
		if !ok {
			return
		}
		if !bytes.Contains(b, []byte(goErrorHeaders)) {
			t.Fatalf("rewrote %q", b)
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), nil)
		if err != nil {
			t.Fatalf("rewrite of %q is not HTTP: %v\n%q", b, err, out)
		}
		body, err := io.ReadAll(resp.Body)
		var e struct{ Error *wire.Error }
		if err != nil || json.Unmarshal(body, &e) != nil || e.Error == nil || e.Error.Code == "" ||
			string(b[9:12]) != resp.Status[:3] {
			t.Fatalf("rewrite of %q: %q", b, out)
		}
	})
}
