package org.wuzhen.pattern;

import java.util.Optional;

/**
 * Decides whether a MATCHES expression can run in linear time under RE2J. PCRE constructs that need
 * backtracking are refused with their name, before RE2J gives its own less specific message, and so
 * is case folding that RE2J's compiler could not finish ({@link CaseFoldHazard}).
 */
final class RegexSafety {
  private RegexSafety() {}

  /** Why the regex is refused, or empty when RE2J compiles it. */
  static Optional<String> refusal(String regex) {
    Optional<String> construct = backtrackingConstruct(regex);
    if (construct.isPresent()) {
      return construct;
    }
    Optional<String> hazard = CaseFoldHazard.find(regex);
    if (hazard.isPresent()) {
      return hazard;
    }
    try {
      com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.DOTALL);
      return Optional.empty();
    } catch (com.google.re2j.PatternSyntaxException e) {
      return Optional.of("regular expression does not compile: " + e.getDescription());
    }
  }

  static com.google.re2j.Pattern compile(String regex) {
    return com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.DOTALL);
  }

  private static Optional<String> backtrackingConstruct(String r) {
    boolean inClass = false;
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      char n = i + 1 < r.length() ? r.charAt(i + 1) : '\0';
      if (c == '\\') {
        if (!inClass && n >= '1' && n <= '9') {
          return refuse("back-reference \\" + n);
        }
        if (!inClass && (n == 'k' || n == 'g')) {
          return refuse("back-reference \\" + n);
        }
        if (!inClass && n == 'G') {
          return refuse("\\G anchor");
        }
        i++;
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (n == '^') {
          i++;
        }
        if (i + 1 < r.length() && r.charAt(i + 1) == ']') {
          i++; // a leading ']' is literal
        }
        continue;
      }
      if (c == '(' && n == '?') {
        String rest = r.substring(i + 2, Math.min(r.length(), i + 5));
        if (rest.startsWith("=") || rest.startsWith("!")) {
          return refuse("look-ahead (?" + rest.charAt(0) + "...)");
        }
        if (rest.startsWith("<=") || rest.startsWith("<!")) {
          return refuse("look-behind (?" + rest.substring(0, 2) + "...)");
        }
        if (rest.startsWith(">")) {
          return refuse("atomic group (?>...)");
        }
        if (rest.startsWith("(")) {
          return refuse("conditional (?(...)...)");
        }
        if (rest.startsWith("R")
            || rest.startsWith("&")
            || rest.startsWith("+")
            || rest.startsWith("P>")
            || (!rest.isEmpty() && rest.charAt(0) >= '0' && rest.charAt(0) <= '9')) {
          return refuse("recursion or subroutine call (?" + rest.charAt(0) + "...)");
        }
        if (rest.startsWith("#")) {
          return refuse("comment group (?#...)");
        }
        if (rest.startsWith("|")) {
          return refuse("branch-reset group (?|...)");
        }
      }
      if ((c == '*' || c == '+' || c == '?' || c == '}') && n == '+') {
        return refuse("possessive quantifier " + c + "+");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> refuse(String construct) {
    return Optional.of(
        "MATCHES refuses the PCRE "
            + construct
            + ": it needs backtracking, and patterns run in linear time (RE2 syntax)");
  }
}
