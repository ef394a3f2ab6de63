package org.wuzhen.governance;

import java.time.Instant;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;

/**
 * What the charter decides for detection and export, as pure functions of an object, what members
 * said about it, the charter and the time. Each answers with the reason, empty when the object may
 * be used or exported.
 */
final class Decisions {
  private Decisions() {}

  /** Why detection must not use this indicator now; empty when it may. */
  public static Optional<String> exclusion(
      StixObject indicator, Dialogue dialogue, Charter charter, Instant now) {
    if (!indicator.type().equals("indicator")) {
      return Optional.empty();
    }
    Standing s = Standing.of(indicator, dialogue, charter, now);
    return s.usable() ? Optional.empty() : Optional.of(String.join("; ", s.reasons()));
  }

  /** Why this object must not go to peers; empty when the baseline export rules allow it. */
  public static Optional<String> withholding(
      StixObject object, Dialogue dialogue, Charter charter, Instant now) {
    Tlp tlp =
        Tlp.strictestOf(object.objectMarkingRefs())
            .orElse(charter.tlp(CharterRule.PUBLISH_DEFAULT_TLP));
    Tlp max = charter.tlp(CharterRule.EXPORT_MAX_TLP);
    if (tlp.isStricterThan(max)) {
      return Optional.of(tlp.label() + " is stricter than export.max_tlp " + max.label());
    }
    if (object.type().equals("sighting") && !charter.flag(CharterRule.EXPORT_SIGHTINGS)) {
      return Optional.of("export.sightings is false");
    }
    if (!object.type().equals("indicator")) {
      return Optional.empty();
    }
    Standing s = Standing.of(object, dialogue, charter, now);
    if (s.dispute().state() == Dispute.State.UPHELD
        && charter.flag(CharterRule.DISPUTE_WITHHOLD_FROM_EXPORT)) {
      return Optional.of("disputed: the dispute was upheld");
    }
    long min = charter.whole(CharterRule.EXPORT_MIN_CONFIDENCE);
    if (s.score() < min) {
      return Optional.of(
          String.format(
              java.util.Locale.ROOT,
              "confidence %.1f is below export.min_confidence %d",
              s.score(),
              min));
    }
    return Optional.empty();
  }
}
