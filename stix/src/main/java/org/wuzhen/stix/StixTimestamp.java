package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A STIX timestamp (RFC 3339 in UTC with a literal {@code Z}) that keeps its original text, so its
 * precision survives: {@code 2020-01-01T00:00:00.000Z} is written back with its three zeros.
 * Ordering compares instants.
 */
public record StixTimestamp(String text, Instant instant, int fractionDigits)
    implements Comparable<StixTimestamp> {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?Z", Pattern.DOTALL);

  public StixTimestamp {
    requireNonNull(text, "text");
    requireNonNull(instant, "instant");
  }

  /**
   * Parses STIX timestamp text.
   *
   * @throws StixFormatException naming what is wrong with the text
   */
  public static StixTimestamp parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new StixFormatException(
          "'" + text + "' is not a STIX timestamp (expected YYYY-MM-DDTHH:MM:SS[.s+]Z)");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = 0;
    for (int i = 0; i < 9; i++) {
      nanos = nanos * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
    }
    int second = Integer.parseInt(m.group(6));
    try {
      // RFC 3339 allows a leap second (:60); it is read as the last nanosecond of :59.
      boolean leap = second == 60;
      LocalDateTime t =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              leap ? 59 : second,
              leap ? 999_999_999 : nanos);
      return new StixTimestamp(text, t.toInstant(ZoneOffset.UTC), fraction.length());
    } catch (DateTimeException e) {
      throw new StixFormatException(
          "'" + text + "' is not a valid date and time: " + e.getMessage());
    }
  }

  /** A timestamp with millisecond precision for an instant, as Wuzhen writes new ones. */
  public static StixTimestamp ofMillis(Instant instant) {
    Instant truncated = Instant.ofEpochMilli(instant.toEpochMilli());
    String text = truncated.toString();
    if (!text.contains(".")) {
      text = text.substring(0, text.length() - 1) + ".000Z";
    } else {
      int dot = text.indexOf('.');
      String fraction = text.substring(dot + 1, text.length() - 1);
      text = text.substring(0, dot + 1) + (fraction + "000").substring(0, 3) + "Z";
    }
    return new StixTimestamp(text, truncated, 3);
  }

  public boolean isBefore(StixTimestamp other) {
    return instant.isBefore(other.instant);
  }

  @Override
  public int compareTo(StixTimestamp other) {
    return instant.compareTo(other.instant);
  }

  @Override
  public String toString() {
    return text;
  }
}
