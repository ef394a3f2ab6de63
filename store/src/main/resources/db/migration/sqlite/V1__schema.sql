-- Wuzhen store schema, SQLite dialect. Keep in step with ../postgresql/V1__schema.sql.
-- Times are microseconds since the Unix epoch. Text compares bytewise (BINARY).

CREATE TABLE collections (
  key         INTEGER NOT NULL PRIMARY KEY,  -- short key the objects table uses; creation order
  id          TEXT    NOT NULL UNIQUE,       -- the TAXII collection id (a UUID)
  title       TEXT    NOT NULL,
  description TEXT,
  alias       TEXT    UNIQUE,
  media_types TEXT    NOT NULL               -- JSON array of strings
);

-- One row: the last date_added handed out. Every add() holds the write lock while it reads and
-- advances it, so date_added is strictly increasing across the store.
CREATE TABLE store_clock (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  last_micros BIGINT  NOT NULL
);
INSERT INTO store_clock (id, last_micros) VALUES (1, 0);

-- One row per object version: the exact JSON text as received plus the columns TAXII filters on.
-- date_added is unique by construction and is the rowid, so new rows append to the table's B-tree
-- and (date_added) alone is a total order for keyset paging.
CREATE TABLE objects (
  date_added     INTEGER NOT NULL PRIMARY KEY,
  collection_key INTEGER NOT NULL REFERENCES collections (key),
  id             TEXT    NOT NULL,
  version_micros BIGINT  NOT NULL,  -- modified, else created, else 0
  type           TEXT    NOT NULL,
  version        TEXT,              -- the version's original text; NULL when version_micros is 0
  spec_version   TEXT    NOT NULL,
  json           TEXT    NOT NULL
);
CREATE UNIQUE INDEX objects_by_version ON objects (collection_key, id, version_micros);
CREATE INDEX objects_by_date_added ON objects (collection_key, date_added);
CREATE INDEX objects_by_type ON objects (collection_key, type, date_added);

CREATE TABLE statuses (
  id             TEXT   NOT NULL PRIMARY KEY,
  request_micros BIGINT NOT NULL,
  details        TEXT   NOT NULL  -- JSON: {"successes":[…],"failures":[…],"pendings":[…]}
);
CREATE INDEX statuses_by_request ON statuses (request_micros);

CREATE TABLE members (
  name        TEXT NOT NULL PRIMARY KEY,
  identity_id TEXT NOT NULL
);

CREATE TABLE users (
  name          TEXT    NOT NULL PRIMARY KEY,
  member_name   TEXT    NOT NULL REFERENCES members (name),
  password_hash TEXT    NOT NULL,
  admin         BOOLEAN NOT NULL
);

CREATE TABLE api_tokens (
  token_id       TEXT    NOT NULL PRIMARY KEY,
  user_name      TEXT    NOT NULL REFERENCES users (name),
  token_hash     TEXT    NOT NULL UNIQUE,
  created_micros BIGINT  NOT NULL,
  revoked        BOOLEAN NOT NULL
);

CREATE TABLE permissions (
  collection_id TEXT    NOT NULL REFERENCES collections (id),
  principal     TEXT    NOT NULL,  -- member:NAME or user:NAME
  can_read      BOOLEAN NOT NULL,
  can_write     BOOLEAN NOT NULL,
  PRIMARY KEY (collection_id, principal)
);
