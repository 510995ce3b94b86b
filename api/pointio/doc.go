// Package pointio is the wire codec of bulk point lookups: it decodes
// points from batch JSON bodies and NDJSON lines, looks them up on all
// cores in large shares (Lookup), and encodes the zones found at them as
// the batch answer or the stream's answer lines. Both directions are
// written by hand because encoding/json would cost more than the lookups
// of a 100,000-point batch; scratch memory (lookups, zone encodings,
// answer pieces) is pooled across requests. It knows no HTTP: the handlers
// read the body and write the bytes; errors are *wire.Error values naming
// the field at fault.
package pointio
