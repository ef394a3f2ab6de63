-- Salted leaves (docs/transparency.md, "Salted leaves"). Keep in step with ../postgresql/V46.
-- One row, written by the store the first time it opens this schema: a random 32-byte secret and
-- the first leaf index it salts (the log's size at that moment, read under the store_clock lock,
-- so every leaf is either before it and unsalted, or at or after it and salted). Leaf i >= first_leaf
-- has the salt HMAC-SHA-256(secret, i as 8 bytes big-endian) and the leaf data salt || record, so a
-- leaf hash shown to a caller who may not read the record reveals nothing about it. The salts are
-- derived, not stored, so the leaf rows and runs keep their size.
CREATE TABLE log_salt_key (
  id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  first_leaf BIGINT  NOT NULL CHECK (first_leaf >= 0),
  secret     BLOB    NOT NULL CHECK (length(secret) = 32)
);
