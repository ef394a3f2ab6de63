package org.wuzhen.pattern;

import java.util.Optional;

/**
 * Regexes that RE2J 1.8 would never finish compiling. Its case-folding table predates Unicode 9, so
 * for U+1C80..U+1C88 (Cyrillic letter variants) it follows the JDK's case mappings into an orbit
 * that never comes back (U+1C80 -> U+0412 <-> U+0432) and loops forever: {@code (?i)ᲀ} or {@code
 * (?i)[а-ᲈ]} would hold a thread at full CPU. They are refused when case folding can be on, that is
 * when the regex sets the {@code i} flag, and one of those letters can reach the folding: as a
 * character, a {@code \x} escape, inside a class range, or in a {@code \p} class.
 */
final class CaseFoldHazard {
  static final int FIRST = 0x1C80;
  static final int LAST = 0x1C88;

  /** RE2J adds a class range as it is when it spans every character that folds (A to U+1044F). */
  private static final int MIN_FOLD = 0x41;

  private static final int MAX_FOLD = 0x1044F;

  private CaseFoldHazard() {}

  /** Why the regex is refused, or empty when RE2J can fold its case (or need not). */
  static Optional<String> find(String regex) {
    if (!mayFoldCase(regex)) {
      return Optional.empty();
    }
    for (int i = 0; i < regex.length(); ) {
      if (regex.charAt(i) == '[') {
        int[] end = {0};
        if (classHasHazard(regex, i + 1, end)) {
          return refuse();
        }
        i = end[0];
      } else {
        int[] c = character(regex, i);
        if (spansHazard(c[0], c[0])) {
          return refuse();
        }
        i = c[1];
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a class from after its '[' as RE2J's parser does, element by element (a character, or a
   * range lo-hi, or a [:name:] class), and tells whether one reaches the letters; {@code end[0]} is
   * set after the closing ']'.
   */
  private static boolean classHasHazard(String regex, int i, int[] end) {
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    boolean first = true; // a ']' right after '[' or '[^' is a character
    while (i < regex.length() && (first || regex.charAt(i) != ']')) {
      first = false;
      if (regex.startsWith("[:", i)) {
        int close = regex.indexOf(":]", i + 2);
        i = close < 0 ? regex.length() : close + 2; // ASCII classes
        continue;
      }
      int[] lo = character(regex, i);
      int hi = lo[0];
      i = lo[1];
      if (i + 1 < regex.length() && regex.charAt(i) == '-' && regex.charAt(i + 1) != ']') {
        int[] h = character(regex, i + 1);
        hi = h[0];
        i = h[1];
      }
      if (spansHazard(lo[0], hi) || spansHazard(lo[0], lo[0]) || spansHazard(hi, hi)) {
        return true;
      }
    }
    end[0] = Math.min(regex.length(), i + 1);
    return false;
  }

  /** True when an inline flag group ({@code (?i)}, {@code (?si:...)}) sets the i flag. */
  private static boolean mayFoldCase(String regex) {
    for (int at = regex.indexOf("(?"); at >= 0; at = regex.indexOf("(?", at + 2)) {
      for (int i = at + 2; i < regex.length(); i++) {
        char f = regex.charAt(i);
        if (f == 'i') {
          return true;
        }
        if (f != 'm' && f != 's' && f != 'U') {
          break; // '-' clears the flags after it; ':' or ')' ends the group
        }
      }
    }
    return false;
  }

  /** Whether RE2J folds the range character by character through one of the letters. */
  private static boolean spansHazard(int lo, int hi) {
    boolean whole = lo <= MIN_FOLD && hi >= MAX_FOLD;
    return lo >= 0 && hi >= 0 && !whole && lo <= LAST && hi >= FIRST;
  }

  /** The character written at {@code i} (-1 when an escape does not give one) and where it ends. */
  private static int[] character(String regex, int i) {
    int c = regex.codePointAt(i);
    int next = i + Character.charCount(c);
    if (c != '\\' || next >= regex.length()) {
      return new int[] {c, next};
    }
    if (regex.charAt(next) == 'x') {
      return hexEscape(regex, next + 1);
    }
    int e = regex.codePointAt(next);
    return new int[] {escapedValue(e), next + Character.charCount(e)};
  }

  /** The character an escape other than \x stands for (classes such as \d are ASCII too). */
  private static int escapedValue(int e) {
    return switch (e) {
      case 'a' -> 0x07;
      case 'f' -> 0x0C;
      case 't' -> 0x09;
      case 'n' -> 0x0A;
      case 'r' -> 0x0D;
      case 'v' -> 0x0B;
      default -> e >= '0' && e <= '7' ? e - '0' : e; // octal escapes stay below U+0200
    };
  }

  /** The value of {@code \x{h..}} or {@code \xhh} starting after the x, and where it ends. */
  private static int[] hexEscape(String regex, int i) {
    int end;
    String digits;
    if (i < regex.length() && regex.charAt(i) == '{') {
      end = regex.indexOf('}', i);
      if (end < 0) {
        return new int[] {-1, regex.length()};
      }
      digits = regex.substring(i + 1, end);
      end++;
    } else {
      end = Math.min(regex.length(), i + 2);
      digits = regex.substring(i, end);
    }
    try {
      return new int[] {digits.length() > 8 ? -1 : Integer.parseInt(digits, 16), end};
    } catch (NumberFormatException e) {
      return new int[] {-1, end}; // RE2J refuses it with its own message
    }
  }

  private static Optional<String> refuse() {
    return Optional.of(
        "MATCHES cannot fold the case of U+1C80..U+1C88 (Cyrillic letter variants): use (?i) on a"
            + " regex without them, or list both cases of the letters");
  }
}
