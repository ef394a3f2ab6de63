package org.wuzhen.stream;

import java.util.concurrent.atomic.LongAdder;

/** What the app has done, for progress and metrics. Thread-safe. */
public final class StreamCounters {
  final LongAdder records = new LongAdder();
  final LongAdder badRecords = new LongAdder();
  final LongAdder matches = new LongAdder();
  final LongAdder posted = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder withdrawn = new LongAdder();
  final LongAdder multiObservationEvents = new LongAdder();
  final LongAdder planSwitches = new LongAdder();
  final LongAdder retroHunts = new LongAdder();
  final LongAdder retroHunted = new LongAdder();
  final LongAdder retroMatches = new LongAdder();
  final LongAdder retroHuntsIncomplete = new LongAdder();

  /** Telemetry records read. */
  public long records() {
    return records.sum();
  }

  /** Telemetry records skipped as unreadable (each logged with its reason). */
  public long badRecords() {
    return badRecords.sum();
  }

  /** Matches found (an event and an indicator). */
  public long matches() {
    return matches.sum();
  }

  /** Sighting versions the sink delivered to the node. */
  public long posted() {
    return posted.sum();
  }

  /** Objects the node answered and refused (logged, then passed over). */
  public long refused() {
    return refused.sum();
  }

  /** Indicator versions written to the indicators topic. */
  public long published() {
    return published.sum();
  }

  /** Indicators withdrawn from the indicators topic (revoked, excluded). */
  public long withdrawn() {
    return withdrawn.sum();
  }

  /** Events stage B took into the multi-observation windows' decision. */
  public long multiObservationEvents() {
    return multiObservationEvents.sum();
  }

  /** Times a telemetry partition went on to a newer plan (counted when retro-hunting is on). */
  public long planSwitches() {
    return planSwitches.sum();
  }

  /** Retro-hunts started (a partition's switch to a plan with indicators new to it). */
  public long retroHunts() {
    return retroHunts.sum();
  }

  /** Retained telemetry records read again by retro-hunts. */
  public long retroHunted() {
    return retroHunted.sum();
  }

  /** Matches retro-hunts found (also counted in {@link #matches}). */
  public long retroMatches() {
    return retroMatches.sum();
  }

  /** Switches whose additions were too many to remember: the oldest were not retro-hunted. */
  public long retroHuntsIncomplete() {
    return retroHuntsIncomplete.sum();
  }
}
