package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link DetectionEngine#compile} did with each indicator it was given. Every input is counted
 * exactly once: {@code total = indexed + fallback + multiObservation + revoked + superseded +
 * rejected.size()}.
 *
 * @param indexed patterns one event decides, reached through the indexes
 * @param fallback patterns one event decides that no index can select (only {@code !=}, {@code
 *     NOT}, ordering, {@code EXISTS}...): checked against every event
 * @param multiObservation patterns needing several observations (AND, FOLLOWEDBY, REPEATS n &gt; 1
 *     between observations), matched over windows of the stream by a {@link StreamMatcher}
 * @param revoked indicators whose newest version is revoked
 * @param superseded older versions of an indicator given in a newer version too
 * @param rejected indicators that cannot be used, each with the reason
 */
public record CompileReport(
    int total,
    int indexed,
    int fallback,
    int multiObservation,
    int revoked,
    int superseded,
    List<Rejection> rejected) {

  public CompileReport {
    rejected = List.copyOf(rejected);
  }

  /** An indicator left out, and why, e.g. {@code pattern_type 'sigma' is not 'stix'}. */
  public record Rejection(String indicatorId, String reason) {
    public Rejection {
      requireNonNull(indicatorId, "indicatorId");
      requireNonNull(reason, "reason");
    }
  }
}
