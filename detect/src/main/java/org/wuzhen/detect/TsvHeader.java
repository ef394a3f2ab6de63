package org.wuzhen.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a Zeek TSV log ({@code #separator}, {@code #set_separator}, {@code #empty_field},
 * {@code #unset_field}, {@code #path}, {@code #fields}, {@code #types}), and the reading of one
 * data line under it. Mutable while the header lines are read; one per file, one thread.
 */
final class TsvHeader {
  private String separator = "\t";
  private String setSeparator = ",";
  private String emptyField = "(empty)";
  private String unsetField = "-";
  private String path = "";
  private List<String> fields = List.of();
  private List<String> types = List.of();
  private Map<String, Integer> positions = Map.of();
  private int version;

  /** Changes with every header line read, so that what was derived from the header is redone. */
  int version() {
    return version;
  }

  /** Reads one {@code #} line; {@code #separator} is followed by a space, the others by it. */
  void read(String line) {
    version++;
    if (line.startsWith("#separator ")) {
      separator = unescape(line.substring("#separator ".length()));
      return;
    }
    String[] parts = line.split(java.util.regex.Pattern.quote(separator), -1);
    String key = parts[0];
    List<String> rest = List.of(parts).subList(1, parts.length);
    String first = rest.isEmpty() ? "" : rest.get(0);
    switch (key) {
      case "#set_separator" -> setSeparator = unescape(first);
      case "#empty_field" -> emptyField = first;
      case "#unset_field" -> unsetField = first;
      case "#path" -> path = first;
      case "#fields" -> {
        fields = List.copyOf(rest);
        Map<String, Integer> p = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
          p.put(fields.get(i), i);
        }
        positions = p;
      }
      case "#types" -> types = List.copyOf(rest);
      default -> {} // #open, #close and comments carry nothing a record needs
    }
  }

  boolean hasFields() {
    return !fields.isEmpty();
  }

  String path() {
    return path;
  }

  /** The columns of a data line, or a problem when their number does not fit {@code #fields}. */
  String[] split(String line) {
    String[] values = line.split(java.util.regex.Pattern.quote(separator), -1);
    if (values.length != fields.size()) {
      throw new ZeekRecord.BadRecordException(
          "expected " + fields.size() + " columns (#fields), found " + values.length);
    }
    return values;
  }

  /** The raw column of a field, empty when the log has no such field or it is unset. */
  Optional<String> raw(String[] values, String field) {
    Integer i = positions.get(field);
    if (i == null || values[i].equals(unsetField)) {
      return Optional.empty();
    }
    return Optional.of(values[i]);
  }

  String type(String field) {
    Integer i = positions.get(field);
    return i == null || i >= types.size() ? "" : types.get(i);
  }

  boolean isEmptyMarker(String raw) {
    return raw.equals(emptyField);
  }

  String setSeparator() {
    return setSeparator;
  }

  String separator() {
    return separator;
  }

  String unsetField() {
    return unsetField;
  }

  String emptyField() {
    return emptyField;
  }

  int fieldCount() {
    return fields.size();
  }

  /** The column of a field, or -1 when the log has no such field. */
  int position(String field) {
    Integer i = positions.get(field);
    return i == null ? -1 : i;
  }

  /** Zeek's escapes: {@code \xHH} for bytes it would not print, {@code \\} for a backslash. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'x' && hex(s, i + 2)) {
        out.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
        i += 3;
      } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean hex(String s, int at) {
    return at + 1 < s.length()
        && Character.digit(s.charAt(at), 16) >= 0
        && Character.digit(s.charAt(at + 1), 16) >= 0;
  }
}
