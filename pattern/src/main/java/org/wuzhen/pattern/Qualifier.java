package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import org.wuzhen.stix.StixTimestamp;

/**
 * An observation-expression qualifier (STIX 2.1 §9.6). Values are kept as written; the checker
 * reports non-positive counts and windows and START not before STOP.
 */
public sealed interface Qualifier {

  /** {@code WITHIN n SECONDS}; {@code seconds} keeps the literal's scale. */
  record Within(BigDecimal seconds) implements Qualifier {
    public Within {
      requireNonNull(seconds, "seconds");
      if (seconds.scale() < 0) {
        seconds = seconds.setScale(0);
      }
    }
  }

  /** {@code REPEATS n TIMES}. */
  record Repeats(long times) implements Qualifier {}

  /** {@code START t'..' STOP t'..'}: observations in the half-open interval [start, stop). */
  record StartStop(StixTimestamp start, StixTimestamp stop) implements Qualifier {
    public StartStop {
      requireNonNull(start, "start");
      requireNonNull(stop, "stop");
    }
  }
}
