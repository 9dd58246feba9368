-- Tandem state store. One set of SQL for SQLite and PostgreSQL: portable types only (TEXT, BIGINT,
-- INTEGER), timestamps as epoch milliseconds, JSON as TEXT. Two placeholders, set per database by
-- StateStores, are the only differences: ${id_column} (an auto-assigned integer key) and
-- ${table_options} ("WITHOUT ROWID" on SQLite: the big tables are found mostly by their primary
-- key, so keeping rows in the key's B-tree saves one B-tree per row; empty on PostgreSQL).
--
-- sync_key is "<connection>/<object type>" (SyncKey.toString()): one column instead of two keeps the
-- big tables and their indexes small.

CREATE TABLE links (
  sync_key  TEXT   NOT NULL,
  a_id      TEXT   NOT NULL,
  b_id      TEXT   NOT NULL,
  snapshot  TEXT   NOT NULL,
  a_version TEXT,
  b_version TEXT,
  synced_at BIGINT,
  PRIMARY KEY (sync_key, a_id)
)${table_options};
CREATE UNIQUE INDEX links_by_b ON links (sync_key, b_id);

CREATE TABLE index_entries (
  sync_key  TEXT NOT NULL,
  side      TEXT NOT NULL,
  id        TEXT NOT NULL,
  match_key TEXT,
  record    TEXT,
  PRIMARY KEY (sync_key, side, id)
)${table_options};
CREATE INDEX index_entries_by_match_key ON index_entries (sync_key, side, match_key);

CREATE TABLE cursors (
  sync_key   TEXT   NOT NULL,
  side       TEXT   NOT NULL,
  cursor_value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sync_key, side)
);

-- Create intents live for one page of creates; WITHOUT ROWID keeps their key the only B-tree.
CREATE TABLE intents (
  sync_key   TEXT   NOT NULL,
  target     TEXT   NOT NULL,
  source_id  TEXT   NOT NULL,
  match_key  TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (sync_key, target, source_id)
)${table_options};

CREATE TABLE health (
  sync_key     TEXT    NOT NULL,
  side         TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  reason       TEXT,
  attempts     INTEGER NOT NULL,
  next_attempt BIGINT,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (sync_key, side, id)
)${table_options};
CREATE INDEX health_by_state ON health (sync_key, state, updated_at);

CREATE TABLE activity (
  id          ${id_column},
  run_id      BIGINT NOT NULL,
  connection  TEXT   NOT NULL,
  object_type TEXT   NOT NULL,
  side        TEXT,
  record_id   TEXT,
  action      TEXT   NOT NULL,
  changes     TEXT,
  reason      TEXT,
  happened_at BIGINT NOT NULL
);
CREATE INDEX activity_by_connection ON activity (connection, id DESC);

CREATE TABLE runs (
  id          ${id_column},
  connection  TEXT   NOT NULL,
  kind        TEXT   NOT NULL,
  started_at  BIGINT NOT NULL,
  finished_at BIGINT,
  status      TEXT   NOT NULL,
  counts      TEXT,
  api_calls   TEXT,
  error       TEXT
);
CREATE INDEX runs_by_connection ON runs (connection, id DESC);

CREATE TABLE pauses (
  connection TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  until_at   BIGINT
);

-- Accounts and connections managed through the web UI (used by a later version).
CREATE TABLE accounts (
  id         TEXT   PRIMARY KEY,
  workspace  TEXT   NOT NULL,
  name       TEXT   NOT NULL,
  type       TEXT   NOT NULL,
  settings   TEXT,
  secret     TEXT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_by_name ON accounts (workspace, name);

CREATE TABLE connections (
  id         TEXT   PRIMARY KEY,
  workspace  TEXT   NOT NULL,
  name       TEXT   NOT NULL,
  type       TEXT   NOT NULL,
  settings   TEXT,
  secret     TEXT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX connections_by_name ON connections (workspace, name);
