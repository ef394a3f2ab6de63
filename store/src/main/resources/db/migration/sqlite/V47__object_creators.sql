-- Object creators (docs/taxii.md, "Who may version an object"). Keep in step with ../postgresql/V47.
-- One row per object id, whatever collections hold it: who stored its first version, and so who
-- alone may store later ones (STIX 2.1 §3.6). member:NAME (a TAXII POST by a user of that member),
-- origin:IDENTITY (pulled from peers, naming that created_by_ref), peer:NAME (pulled from that peer
-- first, naming no created_by_ref) or node (the node itself). Written in the transaction of that
-- first version and never changed, also when the object is deleted.
CREATE TABLE object_creators (
  object_id TEXT NOT NULL PRIMARY KEY,
  creator   TEXT NOT NULL
);

-- Backfill from what the store already holds. One created_by_ref per object id (its versions
-- name the same creator; MIN picks one when they do not).
CREATE TEMPORARY TABLE creator_refs AS
  SELECT id, lower(MIN(json_extract(json, '$.created_by_ref'))) AS ref FROM objects GROUP BY id;

-- Objects pulled from peers: the origin they name, else the peer that sent them first (the
-- earliest receipt, then the smallest peer name).
INSERT OR IGNORE INTO object_creators (object_id, creator)
  SELECT p.object_id, COALESCE('origin:' || r.ref, 'peer:' || p.peer)
  FROM federation_provenance p LEFT JOIN creator_refs r ON r.id = p.object_id
  ORDER BY p.object_id, p.received_micros, p.peer;

-- The others, when created_by_ref is a member's identity: that member. Objects with neither have
-- no recorded creator: the first version stored after this upgrade fixes it.
INSERT OR IGNORE INTO object_creators (object_id, creator)
  SELECT r.id, 'member:' || m.name
  FROM creator_refs r JOIN members m ON lower(m.identity_id) = r.ref;

DROP TABLE creator_refs;
