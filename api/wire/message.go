package wire

import "strings"

// clientMessage returns what a client is told about err, which wraps
// sentinel (geo.ErrInvalid, data.ErrNotFound or data.ErrConflict). By the
// stores' convention (see data.ErrNotFound) the innermost error that wraps
// sentinel directly says what is wrong, and only the layers around it carry
// package and operation prefixes ("sqlite: commit: …") or a driver's text
// (SQL, SQLSTATE); so the message is that innermost error's text with the
// sentinel's own words taken out. When there is no such text, the
// sentinel itself is all there is, or the wrapper also wraps another error
// (a cause, like a driver's error, whose text is not for clients), it is
// fallback.
func clientMessage(err, sentinel error, fallback string) string {
	w, alone := innermostWrapper(err, sentinel)
	if w == nil || !alone {
		return fallback
	}
	msg, s := w.Error(), sentinel.Error()
	switch {
	case strings.Contains(msg, ": "+s+": "):
		msg = strings.Replace(msg, ": "+s+": ", ": ", 1)
	case strings.HasPrefix(msg, s+": "):
		msg = strings.TrimPrefix(msg, s+": ")
	case strings.HasSuffix(msg, ": "+s):
		msg = strings.TrimSuffix(msg, ": "+s)
	case msg == s:
		return fallback
	}
	if strings.TrimSpace(msg) == "" {
		return fallback
	}
	return msg
}

// innermostWrapper returns the deepest error in err's tree whose Unwrap
// returns sentinel itself, or nil, and whether sentinel is all it wraps.
// Errors wrapping several (Unwrap() []error) are searched in order.
func innermostWrapper(err, sentinel error) (found error, alone bool) {
	var walk func(e error)
	walk = func(e error) {
		var next []error
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			next = []error{u.Unwrap()}
		case interface{ Unwrap() []error }:
			next = u.Unwrap()
		}
		for _, n := range next {
			if n == sentinel {
				found, alone = e, len(next) == 1
			}
		}
		for _, n := range next {
			if n != nil && n != sentinel {
				walk(n)
			}
		}
	}
	walk(err)
	return found, alone
}
