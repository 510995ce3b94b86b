// Package wire is the HTTP plumbing every zonegate handler shares, in api
// and its sub-packages (api/ogc): the error shape and the handler adapter
// that answers it, JSON bodies in and out, and the caller a request was
// authenticated as. It knows no routes and holds no state.
package wire
