package wire

import (
	"net/http"
	"strings"
)

// Scheme is "https" or "http": the first X-Forwarded-Proto value when it
// is one of those, else whether the connection is TLS.
func Scheme(r *http.Request) string {
	if p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); p != "" {
		switch p = strings.ToLower(strings.TrimSpace(p)); p {
		case "http", "https":
			return p
		}
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// BaseURL is the absolute root of this server as the client addressed it.
func BaseURL(r *http.Request) string { return Scheme(r) + "://" + r.Host }
