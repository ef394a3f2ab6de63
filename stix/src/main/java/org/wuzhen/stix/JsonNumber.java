package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A JSON number that keeps its exact source text, so {@code 1.0}, {@code 1} and {@code 1e0} stay
 * what they were when an object is written back.
 */
public record JsonNumber(String text) implements JsonValue {
  public JsonNumber {
    requireNonNull(text, "text");
  }

  public static JsonNumber of(long value) {
    return new JsonNumber(Long.toString(value));
  }

  /** True when the text has no fraction and no exponent, as STIX integers must be written. */
  public boolean isIntegerText() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return false;
      }
    }
    return true;
  }

  /** The value as a long when it is an integer that fits, else empty. */
  public Optional<Long> asLong() {
    if (!isIntegerText()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  public BigDecimal asBigDecimal() {
    return new BigDecimal(text);
  }

  public double asDouble() {
    return Double.parseDouble(text);
  }

  @Override
  public String kind() {
    return "number";
  }
}
