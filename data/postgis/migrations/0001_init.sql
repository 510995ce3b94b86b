-- zonegate store schema 1 (PostgreSQL 13+, PostGIS 3). Tables are created in
-- the first schema of search_path. Geometry columns carry SRID 4326 in their
-- type, so geometry_columns lists them and QGIS / ogr2ogr read them directly.

CREATE EXTENSION IF NOT EXISTS postgis;

-- store_state holds the store revision: +1 per Commit or PutLayer. Writers
-- bump it first in their transaction; its row lock orders them.
CREATE TABLE store_state (
  id integer PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL
);
INSERT INTO store_state (id, revision) VALUES (1, 0);

CREATE TABLE layers (
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  revision bigint NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every version of every zone. (layer, zone_id, version) names a version;
-- revision is the store revision of the row's last change (the change feed
-- scans it in order).
CREATE TABLE zone_versions (
  fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  layer text COLLATE "C" NOT NULL REFERENCES layers (id),
  zone_id text COLLATE "C" NOT NULL,
  version bigint NOT NULL CHECK (version > 0),
  kind text NOT NULL,
  name text NOT NULL,
  properties jsonb,
  geom geometry(Geometry, 4326) NOT NULL,
  valid_from timestamptz,
  valid_to timestamptz,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  author text NOT NULL,
  updated_at timestamptz NOT NULL,
  revision bigint NOT NULL,
  UNIQUE (layer, zone_id, version)
);
CREATE INDEX zone_versions_geom ON zone_versions USING gist (geom);
CREATE INDEX zone_versions_revision ON zone_versions (revision, fid);
COMMENT ON TABLE zone_versions IS 'zonegate: every version of every zone (status draft, published or retired)';

CREATE TABLE inspections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time timestamptz NOT NULL,
  station text NOT NULL,
  plate text NOT NULL,
  position geometry(Point, 4326),
  route geometry(LineString, 4326),
  decision text NOT NULL,
  action text NOT NULL,
  reasons text[] NOT NULL,
  request jsonb,
  response jsonb
);
CREATE INDEX inspections_time ON inspections (time, id);
CREATE INDEX inspections_station_time ON inspections (station, time, id);
