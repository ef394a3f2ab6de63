package org.wuzhen.detect;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Zeek JSON record read straight from the bytes a {@link FlatJsonScan} has gone over, decoding
 * only the fields asked for, with exactly the answers of a {@link JsonZeekRecord} over the parsed
 * line (the scan has accepted only flat objects, so a field is found by its literal name or not at
 * all). Valid until the scan moves to the next line.
 */
record ScannedZeekRecord(String logPath, FlatJsonScan scan) implements ZeekRecord {
  private int member(String name) {
    int m = scan.member(name);
    return m >= 0 && scan.kind(m) == FlatJsonScan.NULL ? -1 : m;
  }

  @Override
  public Optional<String> text(String field) {
    int m = member(field);
    if (m < 0) {
      return Optional.empty();
    }
    if (scan.kind(m) != FlatJsonScan.STRING) {
      throw new BadRecordException(field + ": expected a string, found " + scan.kindName(m));
    }
    return Optional.of(scan.text(m));
  }

  @Override
  public List<String> texts(String field) {
    int m = member(field);
    if (m < 0) {
      return List.of();
    }
    if (scan.kind(m) != FlatJsonScan.ARRAY) {
      throw new BadRecordException(
          field + ": expected an array of strings, found " + scan.kindName(m));
    }
    List<String> out = new ArrayList<>(scan.elementCount(m));
    for (int i = 0; i < scan.elementCount(m); i++) {
      if (scan.elementKind(m, i) != FlatJsonScan.STRING) {
        throw new BadRecordException(field + ": expected an array of strings");
      }
      out.add(scan.elementText(m, i));
    }
    return out;
  }

  @Override
  public OptionalLong count(String field) {
    int m = member(field);
    if (m < 0) {
      return OptionalLong.empty();
    }
    if (scan.kind(m) == FlatJsonScan.NUMBER && scan.integer(m)) {
      try {
        return OptionalLong.of(Long.parseLong(scan.raw(m)));
      } catch (NumberFormatException tooLarge) {
        // as JsonNumber.asLong: not a long, so the wrong type
      }
    }
    throw new BadRecordException(field + ": expected an integer, found " + scan.kindName(m));
  }

  @Override
  public Optional<Instant> time(String field) {
    int m = member(field);
    if (m < 0) {
      return Optional.empty();
    }
    return switch (scan.kind(m)) {
      case FlatJsonScan.NUMBER -> Optional.of(ZeekRecord.epochSeconds(field, scan.raw(m)));
      case FlatJsonScan.STRING -> {
        String s = scan.text(m);
        try {
          yield Optional.of(JsonZeekRecord.isoTime(s));
        } catch (DateTimeException e) {
          throw new BadRecordException(field + ": expected an ISO 8601 time, found '" + s + "'");
        }
      }
      default ->
          throw new BadRecordException(field + ": expected a time, found " + scan.kindName(m));
    };
  }
}
