-- zonegate store schema 3: elevation models, live tracking (vehicles,
-- events, webhook cursors) and inspection report columns.

-- One row per DEM; blob is data.EncodeDEM's compressed samples, sources a
-- JSON array of file names.
CREATE TABLE dems (
  name TEXT NOT NULL PRIMARY KEY,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  x0 REAL NOT NULL,
  y0 REAL NOT NULL,
  dx REAL NOT NULL,
  dy REAL NOT NULL,
  epsg INTEGER NOT NULL,
  sources TEXT NOT NULL,
  voids INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  blob BLOB NOT NULL
);

-- The latest state of each tracked vehicle; zones is a JSON array.
CREATE TABLE vehicles (
  plate TEXT NOT NULL PRIMARY KEY,
  time TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  zones TEXT NOT NULL,
  off_route INTEGER NOT NULL,
  cargo TEXT NOT NULL
);

-- Vehicle events; id is the SSE event id, key the idempotency key.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  plate TEXT NOT NULL,
  time TEXT NOT NULL,
  type TEXT NOT NULL,
  layer TEXT NOT NULL,
  zone TEXT NOT NULL,
  zone_name TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  cargo TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE INDEX events_plate_time ON events(plate, time);
CREATE INDEX events_time ON events(time);

-- Delivery cursor of each webhook endpoint.
CREATE TABLE webhook_states (
  url TEXT NOT NULL PRIMARY KEY,
  delivered INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_attempt TEXT,
  last_status INTEGER NOT NULL,
  last_error TEXT NOT NULL
);

ALTER TABLE inspections ADD COLUMN station_known INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inspections ADD COLUMN county TEXT NOT NULL DEFAULT '';
CREATE INDEX inspections_county_time ON inspections(county, time, id);
