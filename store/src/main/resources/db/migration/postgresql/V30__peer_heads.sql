-- Federation peers' transparency logs (postgresql). Keep in step with the other dialect.
-- Times are microseconds since the Unix epoch.

-- The last signed tree head this node verified from each peer's log, and the log key it pinned
-- (base64 SPKI, from the peer's config or first sight). The head columns are exactly what the
-- peer signed, so the node can serve them to others (/wuzhen/log/witnessed/) for them to verify.
CREATE TABLE federation_peer_heads (
  peer            TEXT   NOT NULL PRIMARY KEY,
  public_key      TEXT   NOT NULL,
  tree_size       BIGINT NOT NULL,
  root_hash       BYTEA   NOT NULL,
  head_timestamp  BIGINT NOT NULL,
  key_id          TEXT   NOT NULL,
  signature       TEXT   NOT NULL,
  verified_micros BIGINT NOT NULL
);

-- A peer whose log was found inconsistent (key changed, log shrank or rewritten, two histories).
-- The first finding is kept until an operator clears it (wuzhen peer status --clear-flag).
CREATE TABLE federation_peer_flags (
  peer            TEXT   NOT NULL PRIMARY KEY,
  message         TEXT   NOT NULL,
  flagged_micros  BIGINT NOT NULL
);
