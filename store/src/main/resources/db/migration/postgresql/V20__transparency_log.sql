-- The node's transparency log (docs/transparency.md). Keep in step with ../sqlite/V20.
-- One row per leaf, appended in the transaction of the write it records while that transaction
-- holds the store_clock row lock, so leaf_index is gap-free and increasing in commit order (also across
-- processes). The leaf hash, SHA-256(0x00 || record), is computed when read: storing it would add
-- 32 bytes and a SHA-256 per leaf inside the write lock. date_added is set on object additions
-- and deletions (the deleted version's), to find the leaves of one object version.
CREATE TABLE log_leaves (
  leaf_index BIGINT NOT NULL PRIMARY KEY,
  date_added BIGINT,
  record     TEXT   NOT NULL   -- canonical JSON, see docs/transparency.md
);
CREATE INDEX log_leaves_by_date_added ON log_leaves (date_added) WHERE date_added IS NOT NULL;

-- Hashes of the complete subtrees of the log: level k >= 1, index i covers leaves
-- [i * 2^k, (i + 1) * 2^k). About one row per leaf in all; written by the transparency module
-- after the leaves, so any root or proof needs O(log n) lookups.
CREATE TABLE log_nodes (
  level      INTEGER NOT NULL,
  node_index BIGINT  NOT NULL,
  hash       BYTEA   NOT NULL,
  PRIMARY KEY (level, node_index)
);
