// Package wire is the HTTP plumbing every zonegate handler shares, in api
// and its sub-packages (api/ogc, api/analysis): the error shape and the
// handler adapter that answers it, JSON bodies in and out, query points,
// CRS and "as of" times, tile addresses and cached-tile answers with ETag
// and gzip negotiation, and the caller a request was authenticated as. It
// knows no routes and holds no state.
package wire
