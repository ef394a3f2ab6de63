package org.wuzhen.stix.validate;

import org.wuzhen.stix.StixTimestamp;

/**
 * Allocation-free syntax checks for identifiers, timestamps, hex and base64. Each {@code problem}
 * method returns {@code null} when the text is fine and builds a message only when it is not, so
 * valid input never allocates.
 */
final class Syntax {
  private Syntax() {}

  /** Why {@code id} is not a STIX identifier {@code type--uuid} (identifier.json), or null. */
  static String idProblem(String id) {
    int sep = id.indexOf("--");
    if (sep <= 0) {
      return "'" + id + "' is not a STIX identifier (expected type--UUID)";
    }
    if (!isTypeName(id, 0, sep)) {
      return "'" + id + "' has an invalid type part '" + id.substring(0, sep) + "'";
    }
    int u = sep + 2;
    if (id.length() - u != 36 || !isHexUuid(id, u)) {
      return "'" + id + "' does not end in a UUID (8-4-4-4-12 hex digits)";
    }
    char version = id.charAt(u + 14);
    char variant = id.charAt(u + 19);
    if (version < '1' || version > '5') {
      return "'" + id + "' has a UUID of version " + version + " (STIX needs version 1-5)";
    }
    if ("89abAB".indexOf(variant) < 0) {
      return "'" + id + "' has a UUID that is not of the RFC 4122 variant";
    }
    return null;
  }

  /** The type part of a syntactically valid identifier. */
  static String idType(String id) {
    return id.substring(0, id.indexOf("--"));
  }

  /** True when a syntactically valid identifier's type part equals {@code type}. */
  static boolean idHasType(String id, String type) {
    return id.length() > type.length() + 2
        && id.startsWith(type)
        && id.charAt(type.length()) == '-'
        && id.charAt(type.length() + 1) == '-';
  }

  /** The UUID version digit of a syntactically valid identifier. */
  static int uuidVersion(String id) {
    return id.charAt(id.length() - 36 + 14) - '0';
  }

  /** StixNames.isValidTypeName over a region, without a substring. */
  static boolean isTypeName(String s, int from, int to) {
    int n = to - from;
    if (n < 3 || n > 250) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '-') {
        if (i + 1 < to && s.charAt(i + 1) == '-') {
          return false;
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /** identifier.json accepts hex digits of either case. */
  private static boolean isHexUuid(String s, int from) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Why {@code t} is not a STIX timestamp {@code YYYY-MM-DDTHH:MM:SS[.s+]Z} naming a real date and
   * time (timestamp.json; RFC 3339 leap second :60 allowed), or null.
   */
  static String timestampProblem(String t) {
    int n = t.length();
    boolean shape = StixTimestamp.hasShape(t);
    if (!shape) {
      return "'" + t + "' is not a STIX timestamp (expected YYYY-MM-DDTHH:MM:SS[.s+]Z in UTC)";
    }
    int year = number(t, 0, 4);
    int month = number(t, 5, 7);
    int day = number(t, 8, 10);
    if (month < 1 || month > 12) {
      return "'" + t + "' has month " + month + " (expected 01-12)";
    }
    if (day < 1 || day > daysInMonth(year, month)) {
      return "'" + t + "' has day " + day + ", which month " + month + " of " + year + " lacks";
    }
    if (number(t, 11, 13) > 23 || number(t, 14, 16) > 59 || number(t, 17, 19) > 60) {
      return "'" + t + "' is not a valid time of day";
    }
    return null;
  }

  /** Digits after the decimal point of a syntactically valid timestamp. */
  static int fractionDigits(String t) {
    return t.length() == 20 ? 0 : t.length() - 21;
  }

  /**
   * Compares two syntactically valid timestamps by the instant they name, without parsing: the
   * first 19 characters are fixed-width, and fractions compare digit by digit padded with zeros.
   */
  static int compareTimestamps(String a, String b) {
    for (int i = 0; i < 19; i++) {
      int d = a.charAt(i) - b.charAt(i);
      if (d != 0) {
        return d;
      }
    }
    int fa = fractionDigits(a);
    int fb = fractionDigits(b);
    for (int i = 0; i < Math.max(fa, fb); i++) {
      char ca = i < fa ? a.charAt(20 + i) : '0';
      char cb = i < fb ? b.charAt(20 + i) : '0';
      if (ca != cb) {
        return ca - cb;
      }
    }
    return 0;
  }

  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** True for an even-length, non-empty run of hex digits of either case (hex.json). */
  static boolean isHex(String s) {
    if (s.isEmpty() || (s.length() & 1) != 0) {
      return false;
    }
    return allHex(s);
  }

  /** True when every character is a hex digit of either case. */
  static boolean allHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /** True for padded RFC 4648 base64 text (binary.json). */
  static boolean isBase64(String s) {
    int n = s.length();
    if ((n & 3) != 0) {
      return false;
    }
    int padding = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '=') {
        padding++;
        if (i < n - 2) {
          return false;
        }
      } else if (padding > 0
          || !((c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** True for a relationship_type: lower-case ASCII letters, digits and hyphens (§5.1). */
  static boolean isRelationshipTypeText(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
