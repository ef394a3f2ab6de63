-- Full-text search (docs/storage.md, "Full-text search"). Keep in step with ../sqlite/V50.
-- One row per object version that has text (name, description, aliases, abstract, content,
-- explanation), keyed by the version's date_added. The node hands over the words already split,
-- lower-cased and without diacritics (SearchWords), so both databases index the same words; the
-- 'simple' configuration keeps them as they are (no stemming, no stop words).
CREATE TABLE object_text (
  date_added BIGINT   NOT NULL PRIMARY KEY,
  words      tsvector NOT NULL,
  revoked    BOOLEAN  NOT NULL,
  tlp        TEXT,   -- the strictest TLP marking (tlp_2_0 value), NULL when none
  created_by TEXT    -- created_by_ref, lower-cased, NULL when none
);
CREATE INDEX object_text_by_words ON object_text USING GIN (words);

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
