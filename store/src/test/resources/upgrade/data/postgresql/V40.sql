-- Rows of schema version 40: a third object, its add leaf in a run.
INSERT INTO objects (date_added, collection_key, id, version_micros, type, version, spec_version, json)
  VALUES (1700000000000003, 1, 'indicator--3a1f0c0e-5b55-4d8c-9f71-000000000003', 1640995200000000, 'indicator', '2022-01-01T00:00:00.000Z', '2.1', '{"type": "indicator", "spec_version": "2.1", "id": "indicator--3a1f0c0e-5b55-4d8c-9f71-000000000003", "created": "2022-01-01T00:00:00.000Z", "modified": "2022-01-01T00:00:00.000Z", "name": "upgraded \u00e9 3", "pattern": "[ipv4-addr:value = ''198.51.100.3'']", "pattern_type": "stix", "valid_from": "2022-01-01T00:00:00.000Z"}');
UPDATE store_clock SET last_micros = 1700000000000003;
INSERT INTO log_add_runs (first_leaf, leaf_count, collection_key, first_date_added, last_date_added, entries)
  VALUES (3, 1, 1, 1700000000000003, 1700000000000003, decode('00060a24181e40030005d479f7f960004cc040a2cdbccc099ce843a4cea5f6dd4d9b78ba7fd6c7620d26a5f1667a99eb002f696e64696361746f722d2d33613166306330652d356235352d346438632d396637312d303030303030303030303033', 'hex'));
