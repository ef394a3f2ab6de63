-- The ends of relationship objects (docs/storage.md, "Relationships"). Keep in step with
-- ../sqlite/V51. One row per stored relationship version, keyed by its date_added, so that the
-- relationships from or to one object are found by index instead of by reading every relationship.
-- Written in the add transaction; rows of deleted versions go with them.
CREATE TABLE relationship_ends (
  date_added BIGINT NOT NULL PRIMARY KEY,
  source_ref TEXT COLLATE "C" NOT NULL,
  target_ref TEXT COLLATE "C" NOT NULL
);
CREATE INDEX relationship_ends_by_source ON relationship_ends (source_ref);
CREATE INDEX relationship_ends_by_target ON relationship_ends (target_ref);

-- json, not jsonb: jsonb refuses a \u0000 escape that a stored object may hold elsewhere.
INSERT INTO relationship_ends (date_added, source_ref, target_ref)
  SELECT date_added, source_ref, target_ref FROM (
    SELECT date_added, json::json ->> 'source_ref' AS source_ref,
           json::json ->> 'target_ref' AS target_ref
    FROM objects WHERE type = 'relationship') r
  WHERE source_ref IS NOT NULL AND target_ref IS NOT NULL;
