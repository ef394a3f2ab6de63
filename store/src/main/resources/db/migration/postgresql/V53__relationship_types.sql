-- The relationship_type of each relationship version beside its ends (docs/storage.md,
-- "Relationships"). Keep in step with ../sqlite/V53. A read of the relationships of some types
-- (the console's ATT&CK matrix counts `uses` and `indicates`, not ATT&CK's many `detects` and
-- `mitigates`) filters on it before joining each row to its JSON. NULL when the stored JSON has no
-- text relationship_type.
ALTER TABLE relationship_ends ADD COLUMN relationship_type TEXT COLLATE "C";

-- json, not jsonb: jsonb refuses a \u0000 escape that a stored object may hold elsewhere.
UPDATE relationship_ends r SET relationship_type = t.relationship_type
  FROM (SELECT date_added,
               CASE WHEN json_typeof(json::json -> 'relationship_type') = 'string'
                    THEN json::json ->> 'relationship_type' END AS relationship_type
        FROM objects WHERE type = 'relationship') t
  WHERE t.date_added = r.date_added;
