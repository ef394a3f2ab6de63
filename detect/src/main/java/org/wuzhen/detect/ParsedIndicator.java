package org.wuzhen.detect;

import java.util.Optional;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixTimestamp;

/**
 * One indicator as read for compilation: kept as it is only for multi-observation patterns; a
 * single-observation one is stored in columns ({@link CompiledIndicators}) and this dropped.
 */
record ParsedIndicator(
    StixId id,
    ObservationExpression root,
    Optional<StixTimestamp> validFrom,
    Optional<StixTimestamp> validUntil) {
  /**
   * The pattern around the tree, made only where it is kept: a Pattern carries a column map, which
   * a million simple indicators do not need.
   */
  Pattern pattern() {
    return new Pattern(root);
  }

  /** STIX 2.1 §4.7: valid from {@code valid_from} (inclusive) until {@code valid_until}. */
  boolean validAt(StixTimestamp t) {
    return validFrom.map(f -> !t.isBefore(f)).orElse(true)
        && validUntil.map(t::isBefore).orElse(true);
  }
}
