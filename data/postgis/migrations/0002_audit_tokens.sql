-- zonegate store schema 2: the hash-chained audit log and API tokens.

-- audit_state holds the head of the audit chain: the last seq and its hash
-- (0 and 64 zeros when the log is empty). Appenders lock its row with
-- SELECT … FOR UPDATE first, which orders them across every replica; a
-- Commit takes it after the store_state row, so the lock order is fixed.
CREATE TABLE audit_state (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_state (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One row per audit entry. before and after are text, not jsonb: the hash
-- covers their exact bytes (canonical JSON written by zonegate).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  time timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  layer text COLLATE "C" NOT NULL,
  zone_id text COLLATE "C" NOT NULL,
  version bigint NOT NULL,
  before text,
  after text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_layer ON audit_log (layer, seq);
CREATE INDEX audit_log_time ON audit_log (time, seq);
COMMENT ON TABLE audit_log IS 'zonegate: append-only, hash-chained audit log (zonegate audit verify)';

-- The log is append-only: the database refuses to change or delete rows.
-- (Whoever can drop the trigger can still tamper; the hash chain then shows
-- it.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- API tokens: only the SHA-256 of each secret is stored.
CREATE TABLE tokens (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'inspector', 'editor', 'admin')),
  hash text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
