-- Schema version 47: the creator claimed by the add that stored fixture object 2 (a TAXII POST by a
-- user of member acme). Object 1's creator, from its provenance, is what V47's backfill gives a
-- store upgraded from an earlier version; in a store at V47 or later it has no recorded creator.
INSERT INTO object_creators (object_id, creator)
  VALUES ('indicator--3a1f0c0e-5b55-4d8c-9f71-000000000002', 'member:acme');
