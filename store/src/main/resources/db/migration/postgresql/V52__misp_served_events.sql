-- What a node's MISP feeds last served each reader of each event (docs/misp.md, "Serving a
-- collection as a MISP feed"). Keep in step with ../sqlite/V52. An event's timestamp must rise
-- whenever its content changes, also when the change is a withdrawal that leaves only older
-- objects, and an attribute served before and now withheld goes out once more as deleted: both
-- need what was served, which must survive a restart. One row per reader (collection, member,
-- user) and event uuid: the SHA-256 of the event as served without its timestamp, the timestamp
-- served, and the attributes served (a JSON array).
CREATE TABLE misp_served_events (
  reader       TEXT   NOT NULL,
  event_uuid   TEXT   NOT NULL,
  content_hash TEXT   NOT NULL,
  timestamp    BIGINT NOT NULL,
  attributes   TEXT   NOT NULL,
  PRIMARY KEY (reader, event_uuid)
);
