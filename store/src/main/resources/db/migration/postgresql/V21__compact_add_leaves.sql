-- Add leaves keep their record's fields in columns instead of its JSON text. Keep in step with
-- ../sqlite/V21, which explains why.
ALTER TABLE log_leaves ALTER COLUMN record DROP NOT NULL;
ALTER TABLE log_leaves ADD COLUMN collection_key BIGINT;
ALTER TABLE log_leaves ADD COLUMN object_id TEXT;
ALTER TABLE log_leaves ADD COLUMN version_micros BIGINT;
ALTER TABLE log_leaves ADD COLUMN sha256 BYTEA;
ALTER TABLE log_leaves ADD CONSTRAINT log_leaves_record_or_fields
  CHECK ((record IS NULL) = (object_id IS NOT NULL));
