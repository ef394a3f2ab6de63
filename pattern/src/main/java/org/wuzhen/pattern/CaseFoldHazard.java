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
    boolean inClass = false;
    int previous = -1; // the last single character of the current class, for a following '-'
    for (int i = 0; i < regex.length(); ) {
      int c = regex.codePointAt(i);
      i += Character.charCount(c);
      int value;
      if (c == '\\' && i < regex.length()) {
        if (regex.charAt(i) == 'x') {
          int[] escape = hexEscape(regex, i + 1);
          value = escape[0];
          i = escape[1];
        } else {
          value = escapedValue(regex.codePointAt(i));
          i += Character.charCount(regex.codePointAt(i));
        }
      } else if (!inClass && c == '[') {
        inClass = true;
        previous = -1;
        if (i < regex.length() && regex.charAt(i) == '^') {
          i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
          previous = ']'; // a leading ']' is literal
          i++;
        }
        continue;
      } else if (inClass && c == '[' && regex.startsWith(":", i)) {
        int close = regex.indexOf(":]", i + 1);
        i = close < 0 ? regex.length() : close + 2; // [:alpha:] is ASCII
        previous = -1;
        continue;
      } else if (inClass && c == ']') {
        inClass = false;
        continue;
      } else if (inClass && c == '-' && previous >= 0 && i < regex.length()) {
        int hi = rangeEnd(regex, i);
        if (hi >= 0 && spansHazard(previous, hi)) {
          return refuse();
        }
        previous = -1;
        continue;
      } else {
        value = c;
      }
      if (value >= FIRST && value <= LAST) {
        return refuse();
      }
      previous = inClass ? value : -1;
    }
    return Optional.empty();
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

  private static boolean spansHazard(int lo, int hi) {
    boolean whole = lo <= MIN_FOLD && hi >= MAX_FOLD;
    return !whole && lo <= LAST && hi >= FIRST;
  }

  /** The character a class range ends with at {@code i}, or -1 when it is not one character. */
  private static int rangeEnd(String regex, int i) {
    int c = regex.codePointAt(i);
    if (c != '\\') {
      return c == ']' ? -1 : c;
    }
    if (i + 1 >= regex.length()) {
      return -1;
    }
    return regex.charAt(i + 1) == 'x'
        ? hexEscape(regex, i + 2)[0]
        : escapedValue(regex.codePointAt(i + 1));
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
