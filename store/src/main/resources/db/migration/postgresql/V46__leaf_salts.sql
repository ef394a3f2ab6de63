-- Salted leaves. Keep in step with ../sqlite/V46, which explains the row.
CREATE TABLE log_salt_key (
  id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  first_leaf BIGINT  NOT NULL CHECK (first_leaf >= 0),
  secret     BYTEA   NOT NULL CHECK (length(secret) = 32)
);
