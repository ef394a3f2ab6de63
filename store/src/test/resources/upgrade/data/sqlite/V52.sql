-- Schema version 52: what a MISP feed served one reader of one event, its timestamp raised past
-- the event's newest object by a withdrawal.
INSERT INTO misp_served_events (reader, event_uuid, content_hash, timestamp, attributes) VALUES
  ('0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10 acme alice', '5be1e65d-8198-497b-bdf5-5ec20a016219',
   'c0ffee', 1700000001, '[{"uuid":"5be1ee80-f71c-4da5-83e2-61410a016219","deleted":true}]');
