package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** A data line of a Zeek TSV log, read under its file's header. */
record TsvZeekRecord(String logPath, TsvHeader header, String[] values) implements ZeekRecord {

  @Override
  public Optional<String> text(String field) {
    return header
        .raw(values, field)
        .map(r -> header.isEmptyMarker(r) ? "" : TsvHeader.unescape(r))
        .filter(s -> !s.isEmpty());
  }

  @Override
  public List<String> texts(String field) {
    Optional<String> raw = header.raw(values, field);
    if (raw.isEmpty() || header.isEmptyMarker(raw.get())) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String e : raw.get().split(Pattern.quote(header.setSeparator()), -1)) {
      out.add(TsvHeader.unescape(e));
    }
    return out;
  }

  @Override
  public OptionalLong count(String field) {
    Optional<String> raw = header.raw(values, field);
    if (raw.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(raw.get()));
    } catch (NumberFormatException e) {
      throw new BadRecordException(
          field + ": expected " + typeName(field, "a count") + ", found '" + raw.get() + "'");
    }
  }

  @Override
  public Optional<Instant> time(String field) {
    return header.raw(values, field).map(r -> ZeekRecord.epochSeconds(field, r));
  }

  private String typeName(String field, String otherwise) {
    String t = header.type(field);
    return t.isEmpty() ? otherwise : "a " + t;
  }
}
