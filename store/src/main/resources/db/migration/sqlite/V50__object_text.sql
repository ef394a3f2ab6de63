-- Full-text search (docs/storage.md, "Full-text search"). Keep in step with ../postgresql/V50.
-- One row per object version that has text (name, description, aliases, abstract, content,
-- explanation), its rowid the version's date_added. The node writes the words already split,
-- lower-cased and without diacritics (SearchWords), so both databases index the same words; FTS5
-- keeps only the index (contentless) and the filter columns.
CREATE VIRTUAL TABLE object_text USING fts5(
  words,
  revoked UNINDEXED,     -- 1 when the version is revoked
  tlp UNINDEXED,         -- its strictest TLP marking (tlp_2_0 value), NULL when none
  created_by UNINDEXED,  -- its created_by_ref, lower-cased, NULL when none
  content = '',
  contentless_delete = 1,
  contentless_unindexed = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);

-- The versions stored before this upgrade are indexed by the node when it opens the store, in
-- batches, up to the last date_added of this moment; the row goes when that is done. Versions added
-- later are indexed in the transaction that adds them.
CREATE TABLE object_text_backfill (
  id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  done_upto BIGINT  NOT NULL,  -- the last date_added indexed
  upto      BIGINT  NOT NULL   -- the last date_added to index
);
INSERT INTO object_text_backfill (id, done_upto, upto)
  SELECT 1, -1, MAX(date_added) FROM objects HAVING count(*) > 0;
