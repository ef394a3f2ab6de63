package org.wuzhen.store;

/** What {@link Store#add} did with one object. */
public sealed interface AddOutcome {
  String id();

  long versionMicros();

  /** A new version, stored and committed. */
  record Added(String id, long versionMicros, long dateAddedMicros) implements AddOutcome {}

  /** The same id and version were already in the collection; nothing changed. */
  record Duplicate(String id, long versionMicros) implements AddOutcome {}

  /**
   * A new version of an object another creator holds (see {@link Creator}): not stored. STIX 2.1
   * §3.6 lets only an object's creator version it.
   */
  record Refused(String id, long versionMicros, Creator creator) implements AddOutcome {}
}
