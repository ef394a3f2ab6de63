-- Federation (postgresql): peers, pull cursors and provenance. Keep in step with the other dialect.
-- Times are microseconds since the Unix epoch.

-- Peers added by 'wuzhen peer add' or seeded from the config; settings is JSON the federation
-- module owns (URL, credentials, collection mapping).
CREATE TABLE federation_peers (
  name     TEXT NOT NULL PRIMARY KEY,
  settings TEXT NOT NULL
);

-- Where pulling from one collection of one peer resumes: the peer's X-TAXII-Date-Added-Last of
-- the last page applied, kept as the peer's own text so no precision is lost.
CREATE TABLE federation_cursors (
  peer              TEXT   NOT NULL,
  remote_collection TEXT   NOT NULL,
  added_after       TEXT   NOT NULL,
  updated_micros    BIGINT NOT NULL,
  PRIMARY KEY (peer, remote_collection)
);

-- Where each object version came from. A side table, so the object keeps its exact JSON.
CREATE TABLE federation_provenance (
  object_id         TEXT   NOT NULL,
  version_micros    BIGINT NOT NULL,
  peer              TEXT   NOT NULL,
  remote_collection TEXT   NOT NULL,
  received_micros   BIGINT NOT NULL,
  PRIMARY KEY (object_id, version_micros, peer)
);
