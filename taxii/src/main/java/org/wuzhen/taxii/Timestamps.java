package org.wuzhen.taxii;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TAXII timestamps: written strictly (UTC, microseconds, {@code Z}), read leniently (any fraction
 * or none, {@code Z}, an offset, or no zone meaning UTC) because clients differ (medallion #35).
 */
final class Timestamps {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern LENIENT =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?"
              + "([Zz]|[+-]\\d{2}:\\d{2})?");

  private Timestamps() {}

  static String formatMicros(long micros) {
    return MICROS.format(instantOfMicros(micros));
  }

  static String format(Instant instant) {
    return MICROS.format(instant);
  }

  static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** Microseconds since the epoch, rounded down (so "strictly after" keeps its meaning). */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  /** Parses a timestamp given in a request; empty when the text is not one. */
  static Optional<Instant> parseLenient(String text) {
    Matcher m = LENIENT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos);
      String zone = m.group(8);
      ZoneOffset offset =
          zone == null || zone.equalsIgnoreCase("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone);
      return Optional.of(local.toInstant(offset));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
