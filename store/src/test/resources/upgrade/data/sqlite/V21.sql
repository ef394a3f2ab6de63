-- Rows of schema version 21: a second object, its add leaf kept as columns.
INSERT INTO objects (date_added, collection_key, id, version_micros, type, version, spec_version, json)
  VALUES (1700000000000002, 1, 'indicator--3a1f0c0e-5b55-4d8c-9f71-000000000002', 1609459200000000, 'indicator', '2021-01-01T00:00:00.000Z', '2.1', '{"type": "indicator", "spec_version": "2.1", "id": "indicator--3a1f0c0e-5b55-4d8c-9f71-000000000002", "created": "2021-01-01T00:00:00.000Z", "modified": "2021-01-01T00:00:00.000Z", "name": "upgraded \u00e9 2", "pattern": "[ipv4-addr:value = ''198.51.100.2'']", "pattern_type": "stix", "valid_from": "2021-01-01T00:00:00.000Z"}');
UPDATE store_clock SET last_micros = 1700000000000002;
INSERT INTO log_leaves (leaf_index, date_added, collection_key, object_id, version_micros, sha256)
  VALUES (2, 1700000000000002, 1, 'indicator--3a1f0c0e-5b55-4d8c-9f71-000000000002', 1609459200000000, X'5b5148c38aacddfffe947750fc6baf880dafb0a59456e1429dc4205f16607ac3');
