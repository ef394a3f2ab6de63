-- Rows of schema version 20: log leaves as canonical records (a member, the object's add).
INSERT INTO log_leaves (leaf_index, date_added, record)
  VALUES (0, NULL, '{"identity_id":"identity--7d1ce1f4-7d7a-4c2e-8a55-000000000001","name":"acme","op":"member"}');
INSERT INTO log_leaves (leaf_index, date_added, record) VALUES (1, 1700000000000001, '{"collection":"0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10","date_added":1700000000000001,"id":"indicator--3a1f0c0e-5b55-4d8c-9f71-000000000001","op":"add","sha256":"c64ab17467cb99d7f8e3f00d526c20de957f151b79f2855a865dcb6b06094c94","version_micros":1577836800000000}');
