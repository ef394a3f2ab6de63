package org.wuzhen.detect;

import java.time.Instant;
import java.time.LocalDate;
import org.wuzhen.stix.StixTimestamp;

/**
 * The time texts every event has, read and written without {@code java.time}'s formatters, which
 * took a fifth of the time of building a matching Zeek event. Each method handles the common shape
 * only and answers null for any other text, which the caller then reads the general way: so the
 * answers are exactly the general ones (tested against them). Stateless.
 */
final class TimeText {
  /** 10000-01-01T00:00:00Z: {@link Instant#toString} writes four-digit years below it. */
  private static final long YEAR_10000 = 253402300800L;

  private TimeText() {}

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.f]Z} with one to nine fraction digits, as {@code
   * OffsetDateTime.parse} reads it; null for any other text, or a date or time out of range.
   */
  static Instant isoUtc(String t) {
    int n = t.length();
    if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z') {
      return null;
    }
    if (t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (t.charAt(19) != '.' || fraction < 1) {
        return null;
      }
      int f = digits(t, 20, fraction);
      if (f < 0) {
        return null;
      }
      nanos = f * POWERS[9 - fraction];
    }
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nanos);
  }

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /**
   * Epoch seconds {@code D[.F]} with at most 15 whole and 1 to 9 fraction digits, as {@link
   * ZeekRecord#epochSeconds} reads them; null for any other text (signs, exponents, longer
   * fractions).
   */
  static Instant epochSeconds(String t) {
    int n = t.length();
    int dot = t.indexOf('.');
    int whole = dot < 0 ? n : dot;
    if (whole < 1 || whole > 15) {
      return null;
    }
    long seconds = 0;
    for (int i = 0; i < whole; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      seconds = seconds * 10 + (c - '0');
    }
    int nanos = 0;
    if (dot >= 0) {
      int fraction = n - dot - 1;
      if (fraction < 1 || fraction > 9) {
        return null;
      }
      int f = digits(t, dot + 1, fraction);
      if (f < 0) {
        return null;
      }
      nanos = f * POWERS[9 - fraction];
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The STIX timestamp of an instant, with {@code StixTimestamp.parse(t.toString())}'s answer. */
  static StixTimestamp stix(Instant t) {
    long s = t.getEpochSecond();
    if (s < 0 || s >= YEAR_10000) {
      return StixTimestamp.parse(t.toString());
    }
    long day = Math.floorDiv(s, 86_400);
    int secondOfDay = (int) Math.floorMod(s, 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    int nano = t.getNano();
    // Instant.toString writes the fraction in groups of three digits, as few as it needs.
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    char[] c = new char[fraction == 0 ? 20 : 21 + fraction];
    put(c, 0, date.getYear(), 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secondOfDay % 60, 2);
    if (fraction > 0) {
      c[19] = '.';
      put(c, 20, nano / POWERS[9 - fraction], fraction);
    }
    c[c.length - 1] = 'Z';
    return new StixTimestamp(new String(c), t, fraction);
  }

  /** The number of {@code n} decimal digits at {@code from}, or -1 when one is not a digit. */
  private static int digits(String t, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
