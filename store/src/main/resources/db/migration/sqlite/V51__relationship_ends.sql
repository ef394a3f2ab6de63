-- The ends of relationship objects (docs/storage.md, "Relationships"). Keep in step with
-- ../postgresql/V51. One row per stored relationship version, keyed by its date_added, so that the
-- relationships from or to one object are found by index instead of by reading every relationship.
-- Written in the add transaction; rows of deleted versions go with them.
CREATE TABLE relationship_ends (
  date_added INTEGER NOT NULL PRIMARY KEY,
  source_ref TEXT    NOT NULL,
  target_ref TEXT    NOT NULL
);
CREATE INDEX relationship_ends_by_source ON relationship_ends (source_ref);
CREATE INDEX relationship_ends_by_target ON relationship_ends (target_ref);

INSERT INTO relationship_ends (date_added, source_ref, target_ref)
  SELECT date_added, json_extract(json, '$.source_ref'), json_extract(json, '$.target_ref')
  FROM objects
  WHERE type = 'relationship'
    AND json_type(json, '$.source_ref') = 'text' AND json_type(json, '$.target_ref') = 'text';
