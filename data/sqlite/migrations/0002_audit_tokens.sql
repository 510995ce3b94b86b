-- zonegate store schema 2: the hash-chained audit log and API tokens.

-- audit_state holds the head of the audit chain: the last seq and its hash
-- (0 and 64 zeros when the log is empty). Appenders read and advance it in
-- the same write transaction as their entries.
CREATE TABLE audit_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_state (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One row per audit entry. before and after are canonical JSON text, kept
-- byte for byte because the hash covers them.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  layer TEXT NOT NULL,
  zone_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_layer ON audit_log(layer, seq);
CREATE INDEX audit_log_time ON audit_log(time, seq);

-- The log is append-only: the database refuses to change or delete rows.
-- (Whoever can drop these triggers can still tamper; the hash chain then
-- shows it: zonegate audit verify.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- API tokens: only the SHA-256 of each secret is stored.
CREATE TABLE tokens (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
