package org.wuzhen.detect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile and odd variants of real Zeek lines, for the differential tests of the line-rate reader:
 * values of every JSON kind in every field, numbers and times in the forms the scan must refuse,
 * escapes, duplicate and escaped member names, nesting, truncation, invalid UTF-8, control bytes,
 * stray line breaks.
 */
final class Mutations {
  private Mutations() {}

  private static final Pattern MEMBER = Pattern.compile("\"([^\"]+)\":");

  private static final List<String> VALUES =
      List.of(
          "\"x\"",
          "\"134.71.3.16\"",
          "\"ise.wrccdc.org\"",
          "\"10.47.3.7\"",
          "\"fe80::1\"",
          "\"www12.example\"",
          "\"a.wrccdc.cpp.edu\"",
          "\"b2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe\"",
          "1",
          "-0",
          "01",
          "1.",
          "1e5",
          "-1.5E+3",
          "123456789012345678901234567890",
          "null",
          "true",
          "false",
          "[]",
          "[\"134.71.3.16\",\"x\"]",
          "[\"a\",1]",
          "[null]",
          "[[\"a\"]]",
          "{\"a\":1}",
          "{\"orig_h\":\"134.71.3.16\"}",
          "\"\\u0031\\u00334.71.3.16\"",
          "\"ise.wrccdc\\u002eorg\"",
          "\"\\ud800\"",
          "\"\\ud83d\\ude00\"",
          "\"caf\u00e9\"",
          "\"\\\\x41\"",
          "\"tab\\there\"",
          "\"\\q\"",
          "\"2018-03-24T17:15:20Z\"",
          "\"2018-02-30T00:00:00Z\"",
          "\"2018-03-24T24:00:00Z\"",
          "\"2018-03-24T17:15:20.123456789012Z\"",
          "\"2018-03-24T17:15:20.5+0000\"",
          "\"2018-03-24 17:15:20Z\"",
          "1521911720.5",
          "1521911720",
          "\"1521911720\"",
          "99999999999999999999.5",
          "99999999999999",
          "-99999999999.5",
          "\"2018-03-24T17:15:20.5-0000\"",
          "\"2018-03-24T17:15:20.5+0000\"",
          "\"0001-01-01T00:00:00+0100\"",
          "\"2018-03-24T17:15:20+05:30\"",
          "{\"rdata\":\"134.71.3.16\"}",
          "[{\"rdata\":\"134.71.3.16\"},{\"rrname\":\"ise.wrccdc.org\"}]",
          "[{\"rdata\":1}]");

  /** A JSON line with one to three mutations. */
  static byte[] json(String line, Random r) {
    String s = line;
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      s = jsonOnce(s, r);
    }
    return bytes(s, r);
  }

  private static String jsonOnce(String s, Random r) {
    if (s.length() < 2) {
      return s + "{}";
    }
    List<int[]> members = members(s);
    if (members.isEmpty()) {
      return s.substring(0, s.length() / 2);
    }
    int[] m = members.get(r.nextInt(members.size()));
    return switch (r.nextInt(12)) {
      case 0, 1, 2 -> replaceValue(s, m, VALUES.get(r.nextInt(VALUES.size())));
      case 3 -> s.substring(0, r.nextInt(s.length() + 1)); // truncated
      case 4 -> s.substring(0, s.length() - 1) + "," + s.substring(m[0], valueEnd(s, m)) + "}";
      case 5 -> { // a member name with an escape: the same name to a JSON reader
        String name = s.substring(m[0] + 1, m[1] - 2);
        int at = r.nextInt(Math.max(1, name.length()));
        String escaped =
            name.isEmpty()
                ? name
                : name.substring(0, at)
                    + String.format("\\u%04x", (int) name.charAt(at))
                    + name.substring(at + 1);
        yield s.substring(0, m[0] + 1) + escaped + s.substring(m[1] - 2);
      }
      case 6 -> replaceValue(s, m, "[".repeat(150) + "]".repeat(150));
      case 7 ->
          s.replace("\"_path\":\"dns\"", r.nextBoolean() ? "\"_path\":\"ssl\"" : "")
              .replace("{,", "{");
      case 8 -> s.replace(":", r.nextBoolean() ? " : " : ":\t");
      case 9 -> s.substring(0, m[0]) + s.substring(Math.min(s.length(), valueEnd(s, m) + 1));
      case 10 -> s + (r.nextBoolean() ? " " : " {}");
      default -> s.replace("\"ts\":", "\"ts\":" + VALUES.get(r.nextInt(VALUES.size())) + ",\"x\":");
    };
  }

  /** A TSV data line with one or two mutations. */
  static byte[] tsv(String line, Random r) {
    String[] columns = line.split("\t", -1);
    int n = 1 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(columns.length);
      columns[c] =
          switch (r.nextInt(10)) {
            case 0 -> "-";
            case 1 -> "(empty)";
            case 2 -> "134.71.3.16";
            case 3 -> "ise.wrccdc\\x2eorg";
            case 4 -> "1e5";
            case 5 -> "+12";
            case 6 -> "x,134.71.3.16,\\x2c";
            case 7 -> "caf\u00e9";
            case 8 -> "";
            default -> "99999999999999999999";
          };
    }
    String s = String.join("\t", columns);
    if (r.nextInt(6) == 0) {
      s = s + "\textra";
    }
    return bytes(s, r);
  }

  /** The UTF-8 of a line, now and then with a stray byte: invalid UTF-8, a control char, a CR. */
  private static byte[] bytes(String s, Random r) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(5) != 0 || b.length == 0) {
      return b;
    }
    int at = r.nextInt(b.length);
    byte[] stray = {(byte) 0xC3, (byte) 0xFF, 0x01, '\r', (byte) 0xE2, (byte) 0x82};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, at);
    out.write(stray[r.nextInt(stray.length)]);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  /** [start of the name's quote, end after the colon] of each member found by a plain regex. */
  private static List<int[]> members(String s) {
    List<int[]> out = new java.util.ArrayList<>();
    Matcher m = MEMBER.matcher(s);
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  /** Where a member's value ends: the next comma or closing brace outside a string (roughly). */
  private static int valueEnd(String s, int[] m) {
    int depth = 0;
    boolean inString = false;
    for (int i = m[1]; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return s.length();
  }

  private static String replaceValue(String s, int[] m, String value) {
    return s.substring(0, m[1]) + value + s.substring(valueEnd(s, m));
  }
}
