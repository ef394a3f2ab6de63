package org.wuzhen.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Zeek log record, read the same way from JSON and TSV. A field that is absent or unset reads
 * as empty; a field of the wrong type throws {@link BadRecordException} naming the field, so the
 * whole line is skipped and counted.
 */
interface ZeekRecord {
  /** The log's {@code _path} / {@code #path}, e.g. {@code dns}. */
  String logPath();

  /** A string, address or enum field. */
  Optional<String> text(String field);

  /** A set or vector of strings or addresses; empty when absent. */
  List<String> texts(String field);

  /** A count, int or port field. */
  OptionalLong count(String field);

  /** A time field: epoch seconds, or in JSON an ISO 8601 string too. */
  Optional<Instant> time(String field);

  /** A field whose value does not have the type the field needs. */
  final class BadRecordException extends RuntimeException {
    BadRecordException(String message) {
      super(message);
    }
  }

  /** Epoch seconds with up to nine fraction digits, as Zeek writes {@code time} values. */
  static Instant epochSeconds(String field, String text) {
    Instant plain = TimeText.epochSeconds(text);
    if (plain != null) {
      return plain;
    }
    try {
      java.math.BigDecimal s = new java.math.BigDecimal(text);
      long seconds = s.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      int nanos = s.subtract(java.math.BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
      throw new BadRecordException(field + ": expected epoch seconds, found '" + text + "'");
    }
  }
}
