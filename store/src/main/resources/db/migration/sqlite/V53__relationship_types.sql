-- The relationship_type of each relationship version beside its ends (docs/storage.md,
-- "Relationships"). Keep in step with ../postgresql/V53. A read of the relationships of some types
-- (the console's ATT&CK matrix counts `uses` and `indicates`, not ATT&CK's many `detects` and
-- `mitigates`) filters on it before joining each row to its JSON. NULL when the stored JSON has no
-- text relationship_type.
ALTER TABLE relationship_ends ADD COLUMN relationship_type TEXT;

UPDATE relationship_ends SET relationship_type = (
  SELECT CASE WHEN json_type(o.json, '$.relationship_type') = 'text'
              THEN json_extract(o.json, '$.relationship_type') END
  FROM objects o WHERE o.date_added = relationship_ends.date_added);
