-- The relationship ends' indexes on a short key of each end (docs/storage.md, "Schema"). Keep in
-- step with ../postgresql/V56. The indexes on source_ref and target_ref held the whole id text
-- (about 50 bytes), and a bulk import's random ids dirtied nearly every leaf of both in each
-- transaction. Now each end also has a key, its UUID's 16 bytes when the id ends in a canonical
-- lower-case UUID, else its UTF-8 text (the rule of object_creators.id_key, V55), and the indexes
-- are on the keys. A read finds the rows by key and compares the text in the row, so ids that
-- share a UUID (an attribute's indicator and observed-data) are told apart there.
ALTER TABLE relationship_ends ADD COLUMN source_key BLOB;
ALTER TABLE relationship_ends ADD COLUMN target_key BLOB;

UPDATE relationship_ends SET
  source_key = CASE WHEN length(source_ref) >= 38 AND substr(source_ref, -38, 2) = '--'
                         AND substr(source_ref, -36) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
                    THEN unhex(replace(substr(source_ref, -36), '-', ''))
                    ELSE CAST(source_ref AS BLOB) END,
  target_key = CASE WHEN length(target_ref) >= 38 AND substr(target_ref, -38, 2) = '--'
                         AND substr(target_ref, -36) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
                    THEN unhex(replace(substr(target_ref, -36), '-', ''))
                    ELSE CAST(target_ref AS BLOB) END;

DROP INDEX relationship_ends_by_source;
DROP INDEX relationship_ends_by_target;
CREATE INDEX relationship_ends_by_source_key ON relationship_ends (source_key);
CREATE INDEX relationship_ends_by_target_key ON relationship_ends (target_key);
