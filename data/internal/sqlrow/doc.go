// Package sqlrow is the part of the SQL stores (data/sqlite, data/postgis)
// that does not depend on the database: the checks a value passes before it
// is written, the encoding of zone and record columns that both stores hold
// in the same shape, the filters of list queries and the reading of scanned
// rows back into data and geo values.
//
// What differs between the stores stays in them: the SQL dialect (given here
// as a Dialect), column types with no common form (JSON text versus text[],
// GeoPackage blobs versus EWKB) and the driver calls.
package sqlrow
