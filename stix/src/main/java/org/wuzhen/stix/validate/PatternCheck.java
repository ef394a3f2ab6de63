package org.wuzhen.stix.validate;

import java.util.Optional;

/**
 * Checks the text of an indicator's {@code stix} pattern. The validator calls it only for
 * indicators whose {@code pattern_type} is {@code stix} and whose pattern version (from {@code
 * pattern_version}, else {@code spec_version}, else 2.1) is a 2.x version; the pattern module
 * supplies the real parser.
 */
@FunctionalInterface
public interface PatternCheck {

  /** Returns the reason the pattern is invalid, or empty when it is acceptable. */
  Optional<String> check(String pattern);

  /** Accepts any non-empty pattern: the default until a real parser is wired in. */
  static PatternCheck acceptNonEmpty() {
    return pattern ->
        pattern.isEmpty() ? Optional.of("pattern must not be empty") : Optional.empty();
  }
}
