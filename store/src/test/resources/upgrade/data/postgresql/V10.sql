-- Rows of schema version 10: a federation peer, its pull cursor, an object's provenance.
INSERT INTO federation_peers (name, settings) VALUES ('peer-b', '{"url":"https://peer-b.test/taxii2/"}');
INSERT INTO federation_cursors (peer, remote_collection, added_after, updated_micros)
  VALUES ('peer-b', 'remote-1', '2023-11-14T22:13:20.123456Z', 1700000000000000);
INSERT INTO federation_provenance (object_id, version_micros, peer, remote_collection, received_micros)
  VALUES ('indicator--3a1f0c0e-5b55-4d8c-9f71-000000000001', 1577836800000000, 'peer-b', 'remote-1', 1700000000000000);
