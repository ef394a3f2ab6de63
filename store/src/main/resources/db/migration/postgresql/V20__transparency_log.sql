-- The node's transparency log (docs/transparency.md). Keep in step with ../sqlite/V20.
-- One row per leaf, appended in the transaction of the write it records while that transaction
-- holds the store_clock row lock, so leaf_index is gap-free and increasing in commit order, also
-- with several processes on this database. date_added is set for object additions and deletions (the deleted
-- version's): it finds the leaves of one object version.
CREATE TABLE log_leaves (
  leaf_index BIGINT NOT NULL PRIMARY KEY,
  date_added BIGINT,
  leaf_hash  BYTEA  NOT NULL,  -- SHA-256(0x00 || record), RFC 9162 §2.1.1
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
