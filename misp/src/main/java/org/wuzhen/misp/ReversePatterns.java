package org.wuzhen.misp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inverse of {@link AttributePatterns}: a STIX pattern of one observation whose comparisons are
 * ANDed equalities becomes a typed MISP attribute value; anything else has no typed equivalent and
 * is exported as MISP's {@code stix2-pattern} attribute with the pattern as value.
 */
final class ReversePatterns {
  private ReversePatterns() {}

  /** A MISP attribute's type and value. */
  record Typed(String type, String value) {}

  private static final Pattern COMPARISON =
      Pattern.compile("([a-z0-9-]+):([A-Za-z0-9_.*\\[\\]-]+) = '((?:[^'\\\\]|\\\\.)*)'");

  static Typed of(String pattern) {
    List<String[]> parts = comparisons(pattern);
    if (parts.isEmpty()) {
      return new Typed("stix2-pattern", pattern);
    }
    String object = parts.getFirst()[0];
    for (String[] p : parts) {
      if (!p[0].equals(object)) {
        return new Typed("stix2-pattern", pattern);
      }
    }
    Optional<Typed> typed = typed(object, parts);
    return typed.orElse(new Typed("stix2-pattern", pattern));
  }

  private static Optional<Typed> typed(String object, List<String[]> parts) {
    String first = parts.getFirst()[1];
    String value = parts.getFirst()[2];
    if (parts.size() == 1) {
      if (object.equals("file") && first.startsWith("hashes.")) {
        return hash(first.substring(7)).map(h -> new Typed(h, value));
      }
      return switch (object + ":" + first) {
        case "file:name" -> Optional.of(new Typed("filename", value));
        case "domain-name:value" -> Optional.of(new Typed("domain", value));
        case "url:value" -> Optional.of(new Typed("url", value));
        case "ipv4-addr:value", "ipv6-addr:value" -> Optional.of(new Typed("ip-dst", value));
        case "windows-registry-key:key" -> Optional.of(new Typed("regkey", value));
        case "mutex:name" -> Optional.of(new Typed("mutex", value));
        case "email-message:from_ref.value" -> Optional.of(new Typed("email-src", value));
        case "email-message:to_refs[*].value" -> Optional.of(new Typed("email-dst", value));
        case "email-addr:value" -> Optional.of(new Typed("email", value));
        default -> Optional.empty();
      };
    }
    if (parts.size() != 2) {
      return Optional.empty();
    }
    String second = parts.get(1)[1];
    String other = parts.get(1)[2];
    String key = object + ":" + first + "+" + second;
    if (object.equals("file") && first.equals("name") && second.startsWith("hashes.")) {
      return hash(second.substring(7)).map(h -> new Typed("filename|" + h, value + "|" + other));
    }
    return switch (key) {
      case "domain-name:value+resolves_to_refs[*].value" ->
          Optional.of(new Typed("domain|ip", value + "|" + other));
      case "network-traffic:dst_ref.type+dst_ref.value" -> Optional.of(new Typed("ip-dst", other));
      case "network-traffic:src_ref.type+src_ref.value" -> Optional.of(new Typed("ip-src", other));
      case "windows-registry-key:key+values[*].data" ->
          Optional.of(new Typed("regkey|value", value + "|" + other));
      default -> Optional.empty();
    };
  }

  private static Optional<String> hash(String key) {
    for (var e : AttributePatterns.HASHES.entrySet()) {
      if (e.getValue().equals(key) || e.getValue().equals(key.replace("-", ""))) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** [object, path, value] of each ANDed equality, or empty when the pattern is anything else. */
  private static List<String[]> comparisons(String pattern) {
    String p = pattern.trim();
    if (!p.startsWith("[") || !p.endsWith("]") || p.indexOf('[', 1) >= 0 && p.contains("] ")) {
      return List.of();
    }
    String inner = p.substring(1, p.length() - 1);
    List<String[]> out = new ArrayList<>();
    Matcher m = COMPARISON.matcher(inner);
    int at = 0;
    while (m.find()) {
      String between = inner.substring(at, m.start());
      if (!(at == 0 ? between.isEmpty() : between.equals(" AND "))) {
        return List.of();
      }
      out.add(new String[] {m.group(1), m.group(2), unquote(m.group(3))});
      at = m.end();
    }
    return at == inner.length() ? out : List.of();
  }

  private static String unquote(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        c = v.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }
}
