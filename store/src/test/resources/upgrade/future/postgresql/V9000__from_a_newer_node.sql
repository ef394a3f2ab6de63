-- A migration of a newer Wuzhen than this one: a node must refuse the store it leaves.
CREATE TABLE from_a_newer_node (id INTEGER NOT NULL PRIMARY KEY);
