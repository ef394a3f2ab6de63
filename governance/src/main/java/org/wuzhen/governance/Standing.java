package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * Where an indicator stands now under the charter: its decayed confidence, whether detection may
 * use it, and its dispute. The decay is MISP's polynomial model: {@code score = base × (1 −
 * (t/τ)^(1/δ))}, clamped at 0, with τ = {@code indicator.lifetime_days}, δ = {@code
 * indicator.decay_speed} and t the time since the indicator was last refreshed: the latest of its
 * valid_from, its modified and the last_seen (else created) of its sightings. An open dispute takes
 * {@code dispute.open_confidence_penalty} off; an upheld one sets the score to 0.
 *
 * @param base the indicator's confidence, or {@code indicator.default_confidence} without one
 * @param score the decayed confidence, 0..100
 * @param usable false once expired, revoked, decayed below {@code indicator.decayed_below}, or
 *     upheld in a dispute whose rule excludes it from detection
 * @param reasons why it is not usable (empty when usable)
 */
record Standing(
    int base,
    double score,
    Instant refreshed,
    boolean usable,
    List<String> reasons,
    Dispute dispute) {
  public Standing {
    requireNonNull(refreshed, "refreshed");
    reasons = List.copyOf(reasons);
    requireNonNull(dispute, "dispute");
  }

  /** The decay formula alone, for documentation and tests. */
  public static double decay(double base, Duration age, Duration lifetime, double speed) {
    if (age.isNegative() || age.isZero()) {
      return base;
    }
    double ratio = (double) age.toMillis() / lifetime.toMillis();
    return ratio >= 1 ? 0 : base * (1 - Math.pow(ratio, 1 / speed));
  }

  public static Standing of(StixObject indicator, Dialogue dialogue, Charter charter, Instant now) {
    int base =
        indicator
            .get("confidence")
            .filter(JsonNumber.class::isInstance)
            .flatMap(n -> ((JsonNumber) n).asLong())
            .map(Long::intValue)
            .orElse((int) charter.whole(CharterRule.INDICATOR_DEFAULT_CONFIDENCE));
    Instant refreshed =
        indicator.timestamp("valid_from").map(StixTimestamp::instant).orElse(Instant.EPOCH);
    refreshed = later(refreshed, indicator.version());
    for (StixObject s : dialogue.sightings()) {
      refreshed = later(refreshed, s.timestamp("last_seen").or(s::created));
    }
    Duration lifetime = Duration.ofDays(charter.whole(CharterRule.INDICATOR_LIFETIME_DAYS));
    double speed = charter.decimal(CharterRule.INDICATOR_DECAY_SPEED).doubleValue();
    double score = decay(base, Duration.between(refreshed, now), lifetime, speed);
    Dispute dispute = Dispute.assess(indicator, dialogue, charter);
    List<String> reasons = new ArrayList<>();
    switch (dispute.state()) {
      case OPEN -> score = Math.max(0, score - charter.whole(CharterRule.DISPUTE_OPEN_PENALTY));
      case UPHELD -> {
        score = 0;
        if (charter.flag(CharterRule.DISPUTE_EXCLUDE_FROM_DETECTION)) {
          reasons.add("disputed: the dispute was upheld");
        }
      }
      case NONE, REJECTED -> {}
    }
    if (indicator.revoked()) {
      reasons.add("revoked by its creator");
    }
    Optional<StixTimestamp> validUntil = indicator.timestamp("valid_until");
    if (validUntil.isPresent() && !now.isBefore(validUntil.get().instant())) {
      reasons.add("expired: valid_until " + validUntil.get() + " has passed");
    }
    long threshold = charter.whole(CharterRule.INDICATOR_DECAYED_BELOW);
    if (score < threshold && dispute.state() != Dispute.State.UPHELD) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "decayed: confidence %.1f is below %d (last refreshed %s)",
              score,
              threshold,
              refreshed));
    }
    return new Standing(base, score, refreshed, reasons.isEmpty(), reasons, dispute);
  }

  private static Instant later(Instant a, Optional<StixTimestamp> b) {
    return b.map(StixTimestamp::instant).filter(a::isBefore).orElse(a);
  }
}
