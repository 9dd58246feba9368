-- The server's tables: workspaces, users, API tokens and dashboard sessions. Same portable SQL as
-- V1 (TEXT, BIGINT, INTEGER; epoch milliseconds). Secrets are never stored as given: passwords as
-- PBKDF2 hashes, API tokens and session ids as SHA-256 hashes (they are long random values, so a
-- plain hash cannot be reversed by guessing).

CREATE TABLE workspaces (
  name       TEXT   PRIMARY KEY,
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  name          TEXT    PRIMARY KEY,
  workspace     TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  admin         INTEGER NOT NULL,
  created_at    BIGINT  NOT NULL
);
CREATE INDEX users_by_workspace ON users (workspace);

CREATE TABLE api_tokens (
  id           TEXT   PRIMARY KEY,
  user_name    TEXT   NOT NULL,
  label        TEXT   NOT NULL,
  token_hash   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_by_user ON api_tokens (user_name);

CREATE TABLE sessions (
  id_hash    TEXT   PRIMARY KEY,
  user_name  TEXT   NOT NULL,
  csrf_token TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
