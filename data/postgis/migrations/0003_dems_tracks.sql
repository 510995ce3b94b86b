-- zonegate store schema 3: elevation models, live tracking (vehicles,
-- events, webhook cursors) and inspection report columns.

-- One row per DEM; blob is data.EncodeDEM's compressed samples.
CREATE TABLE dems (
  name text COLLATE "C" PRIMARY KEY,
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  x0 double precision NOT NULL,
  y0 double precision NOT NULL,
  dx double precision NOT NULL,
  dy double precision NOT NULL,
  epsg integer NOT NULL,
  sources text[] NOT NULL,
  voids bigint NOT NULL,
  bytes bigint NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  blob bytea NOT NULL
);
COMMENT ON TABLE dems IS 'zonegate: stored elevation models (blob: zonegate DEM codec)';

-- The latest state of each tracked vehicle; zones is a JSON array of
-- "layer/id".
CREATE TABLE vehicles (
  plate text COLLATE "C" PRIMARY KEY,
  time timestamptz NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  zones jsonb NOT NULL,
  off_route boolean NOT NULL,
  cargo text NOT NULL
);

-- Vehicle events; id is the SSE event id, key the idempotency key.
-- CommitTrack serialises its writers (advisory lock), so ids become
-- visible in order.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  plate text COLLATE "C" NOT NULL,
  time timestamptz NOT NULL,
  type text NOT NULL,
  layer text NOT NULL,
  zone text NOT NULL,
  zone_name text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  cargo text NOT NULL,
  created timestamptz NOT NULL
);
CREATE INDEX events_plate_time ON events (plate, time);
CREATE INDEX events_time ON events (time);

-- Delivery cursor of each webhook endpoint.
CREATE TABLE webhook_states (
  url text COLLATE "C" PRIMARY KEY,
  delivered bigint NOT NULL,
  attempts integer NOT NULL,
  last_attempt timestamptz,
  last_status integer NOT NULL,
  last_error text NOT NULL
);

ALTER TABLE inspections ADD COLUMN station_known boolean NOT NULL DEFAULT false;
ALTER TABLE inspections ADD COLUMN county text NOT NULL DEFAULT '';
CREATE INDEX inspections_county_time ON inspections (county, time, id);
