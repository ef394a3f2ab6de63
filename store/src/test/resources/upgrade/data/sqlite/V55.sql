-- Schema version 55: the claim of fixture V47 (member acme created fixture object 2) as a store at
-- V55 or later writes it, keyed by the id's UUID bytes and the codes of its type and creator. It
-- replaces fixture V47 in stores at V55 or later (UpgradeFixtures.SUPERSEDED).
INSERT INTO object_types (code, type) VALUES (1, 'indicator');
INSERT INTO creators (code, creator) VALUES (1, 'member:acme');
INSERT INTO object_creators (id_key, type_code, creator_code)
  VALUES (X'3a1f0c0e5b554d8c9f71000000000002', 1, 1);
