-- Rows of schema version 1: a collection with one object, a status, accounts, a grant.
INSERT INTO collections (id, title, description, alias, media_types)
  VALUES ('0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10', 'Upgraded', 'kept across upgrades', 'upgraded', '["application/stix+json;version=2.1"]');
INSERT INTO objects (date_added, collection_key, id, version_micros, type, version, spec_version, json)
  VALUES (1700000000000001, 1, 'indicator--3a1f0c0e-5b55-4d8c-9f71-000000000001', 1577836800000000, 'indicator', '2020-01-01T00:00:00.000Z', '2.1', '{"type": "indicator", "spec_version": "2.1", "id": "indicator--3a1f0c0e-5b55-4d8c-9f71-000000000001", "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "upgraded \u00e9 1", "pattern": "[ipv4-addr:value = ''198.51.100.1'']", "pattern_type": "stix", "valid_from": "2020-01-01T00:00:00.000Z"}');
UPDATE store_clock SET last_micros = 1700000000000001;
INSERT INTO statuses (id, request_micros, details)
  VALUES ('2d086da7-4bdc-4f91-900e-d77486753710', 1700000000000000, '{"successes":[],"failures":[],"pendings":[]}');
INSERT INTO members (name, identity_id) VALUES ('acme', 'identity--7d1ce1f4-7d7a-4c2e-8a55-000000000001');
INSERT INTO users (name, member_name, password_hash, admin) VALUES ('alice', 'acme', 'pbkdf2-fixture-hash', TRUE);
INSERT INTO api_tokens (token_id, user_name, token_hash, created_micros, revoked)
  VALUES ('token-1', 'alice', 'token-hash-1', 1700000000000000, FALSE);
INSERT INTO permissions (collection_id, principal, can_read, can_write) VALUES ('0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10', 'member:acme', TRUE, FALSE);
