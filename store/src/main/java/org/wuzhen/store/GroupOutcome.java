package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link ObjectStore#addPreparedGroups} did with one group of objects (a MISP event, say):
 * stored whole, each object with the outcome {@link ObjectStore#add} gives it, or refused whole.
 */
public sealed interface GroupOutcome {
  /** Every object of the group went through the write; its outcomes in input order. */
  record Stored(List<AddOutcome> outcomes) implements GroupOutcome {
    public Stored {
      outcomes = List.copyOf(outcomes);
    }
  }

  /** Nothing of the group was stored: its write failed, for this reason. */
  record Failed(String reason) implements GroupOutcome {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
