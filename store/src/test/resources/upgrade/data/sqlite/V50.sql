-- Schema version 50: the full-text index as the node writes it in the add transaction, for the
-- three fixture objects (their names "upgraded é n" as SearchWords gives them).
INSERT INTO object_text (rowid, words, revoked, tlp, created_by) VALUES
  (1700000000000001, 'upgraded e 1', 0, NULL, NULL),
  (1700000000000002, 'upgraded e 2', 0, NULL, NULL),
  (1700000000000003, 'upgraded e 3', 0, NULL, NULL);
