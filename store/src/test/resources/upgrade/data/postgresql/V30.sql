-- Rows of schema version 30: the peer's verified tree head and a flag on it.
INSERT INTO federation_peer_heads (peer, public_key, tree_size, root_hash, head_timestamp, key_id, signature, verified_micros)
  VALUES ('peer-b', 'MCowBQYDK2VwAyEAfixturefixturefixturefixturefixturefixtur=', 5, decode('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'), 1700000000000, 'key-1', 'c2lnbmF0dXJl', 1700000000000000);
INSERT INTO federation_peer_flags (peer, message, flagged_micros) VALUES ('peer-b', 'log shrank from 5 to 3 leaves', 1700000000000000);
