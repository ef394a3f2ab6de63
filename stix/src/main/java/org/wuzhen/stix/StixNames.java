package org.wuzhen.stix;

/** Syntax rules for STIX type and property names (STIX 2.1 §3.1, §3.2). */
public final class StixNames {
  private StixNames() {}

  /** Types: 3-250 characters of a-z, 0-9 and single hyphens, e.g. {@code x-mitre-tactic}. */
  public static boolean isValidTypeName(String type) {
    int n = type.length();
    if (n < 3 || n > 250) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = type.charAt(i);
      if (c == '-') {
        // Single hyphens only; a leading or trailing hyphen is allowed by the spec's pattern.
        if (i + 1 < n && type.charAt(i + 1) == '-') {
          return false;
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /** Properties: 3-250 characters of a-z, 0-9 and underscore (STIX 2.1 §3.1). */
  public static boolean isValidPropertyName(String name) {
    int n = name.length();
    if (n < 3 || n > 250) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
