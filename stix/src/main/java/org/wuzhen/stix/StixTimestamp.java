package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A STIX timestamp (RFC 3339 in UTC with a literal {@code Z}) that keeps its original text, so its
 * precision survives: {@code 2020-01-01T00:00:00.000Z} is written back with its three zeros.
 * Ordering compares instants.
 */
public record StixTimestamp(String text, Instant instant, int fractionDigits)
    implements Comparable<StixTimestamp> {
  public StixTimestamp {
    requireNonNull(text, "text");
    requireNonNull(instant, "instant");
  }

  /**
   * Parses STIX timestamp text: {@code YYYY-MM-DDTHH:MM:SS[.s+]Z}, ASCII digits, a real date and
   * time.
   *
   * @throws StixFormatException naming what is wrong with the text
   */
  public static StixTimestamp parse(String text) {
    int n = text.length();
    boolean shape = hasShape(text);
    if (!shape) {
      throw new StixFormatException(
          "'" + text + "' is not a STIX timestamp (expected YYYY-MM-DDTHH:MM:SS[.s+]Z)");
    }
    int fractionDigits = n == 20 ? 0 : n - 21;
    int nanos = 0;
    for (int i = 0; i < 9; i++) {
      nanos = nanos * 10 + (i < fractionDigits ? text.charAt(20 + i) - '0' : 0);
    }
    int second = number(text, 17, 19);
    try {
      // RFC 3339 allows a leap second (:60); it is read as the last nanosecond of :59.
      boolean leap = second == 60;
      LocalDateTime t =
          LocalDateTime.of(
              number(text, 0, 4),
              number(text, 5, 7),
              number(text, 8, 10),
              number(text, 11, 13),
              number(text, 14, 16),
              leap ? 59 : second,
              leap ? 999_999_999 : nanos);
      return new StixTimestamp(text, t.toInstant(ZoneOffset.UTC), fractionDigits);
    } catch (DateTimeException e) {
      throw new StixFormatException(
          "'" + text + "' is not a valid date and time: " + e.getMessage());
    }
  }

  /** True when the characters in [from, to) are all ASCII digits. */
  /**
   * Whether {@code text} has the shape of a STIX timestamp, {@code YYYY-MM-DDTHH:MM:SS[.s+]Z} with
   * ASCII digits, whatever the date it names. Read by position rather than with a regular
   * expression: every stored object's version is parsed, and the shape is fixed-width up to the
   * fraction.
   */
  public static boolean hasShape(String text) {
    int n = text.length();
    return n >= 20
        && digits(text, 0, 4)
        && text.charAt(4) == '-'
        && digits(text, 5, 7)
        && text.charAt(7) == '-'
        && digits(text, 8, 10)
        && text.charAt(10) == 'T'
        && digits(text, 11, 13)
        && text.charAt(13) == ':'
        && digits(text, 14, 16)
        && text.charAt(16) == ':'
        && digits(text, 17, 19)
        && text.charAt(n - 1) == 'Z'
        && (n == 20 || (n >= 22 && text.charAt(19) == '.' && digits(text, 20, n - 1)));
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** A timestamp with millisecond precision for an instant, as Wuzhen writes new ones. */
  public static StixTimestamp ofMillis(Instant instant) {
    Instant truncated = Instant.ofEpochMilli(instant.toEpochMilli());
    LocalDateTime t = LocalDateTime.ofEpochSecond(truncated.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return ofMillisBeyondFourDigitYears(truncated);
    }
    char[] c = new char[24];
    put(c, 0, t.getYear(), 4);
    c[4] = '-';
    put(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, t.getHour(), 2);
    c[13] = ':';
    put(c, 14, t.getMinute(), 2);
    c[16] = ':';
    put(c, 17, t.getSecond(), 2);
    c[19] = '.';
    put(c, 20, truncated.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new StixTimestamp(new String(c), truncated, 3);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Years Instant writes with a sign or more than four digits, as it writes them. */
  private static StixTimestamp ofMillisBeyondFourDigitYears(Instant truncated) {
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
