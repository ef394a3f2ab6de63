-- Schema version 50: the full-text index as the node writes it in the add transaction, for the
-- three fixture objects (their names "upgraded é n" as SearchWords gives them).
INSERT INTO object_text (date_added, words, revoked, tlp, created_by) VALUES
  (1700000000000001, to_tsvector('simple', 'upgraded e 1'), false, NULL, NULL),
  (1700000000000002, to_tsvector('simple', 'upgraded e 2'), false, NULL, NULL),
  (1700000000000003, to_tsvector('simple', 'upgraded e 3'), false, NULL, NULL);
