package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;

/**
 * Compares one property value with a comparison's literal(s) (STIX 2.1 §9.3). A value of a type the
 * literal cannot be compared with makes the comparison false, negated or not, as a missing property
 * does. Mutable: caches compiled regular expressions; confined to one evaluation.
 */
final class ValueComparison {

  /** How a property's string value encodes its content, from its name (STIX 2.1 §2.1 suffixes). */
  enum Encoding {
    TEXT,
    /** {@code *_bin}: base64. */
    BASE64,
    /** {@code *_hex} and hash values: hex, compared without regard to case. */
    HEX
  }

  /** A value reached by an object path, with the encoding its property name implies. */
  record Value(JsonValue json, Encoding encoding) {}

  private final Map<String, Optional<com.google.re2j.Pattern>> regexes = new HashMap<>();

  boolean test(Value v, Operator op, boolean negated, List<Literal> literals) {
    Boolean raw = compare(v, op, literals);
    if (raw == null) {
      return false;
    }
    return negated != raw;
  }

  /** The comparison's result, or null when the value's type does not fit the literal. */
  private Boolean compare(Value v, Operator op, List<Literal> literals) {
    return switch (op) {
      case EXISTS -> true;
      case EQ -> equal(v, literals.get(0));
      case NE -> not(equal(v, literals.get(0)));
      case GT -> order(v, literals.get(0), c -> c > 0);
      case LT -> order(v, literals.get(0), c -> c < 0);
      case GE -> order(v, literals.get(0), c -> c >= 0);
      case LE -> order(v, literals.get(0), c -> c <= 0);
      case IN -> {
        Boolean result = null;
        for (Literal l : literals) {
          Boolean eq = equal(v, l);
          if (eq != null) {
            if (eq) {
              yield true;
            }
            result = false;
          }
        }
        yield result;
      }
      case LIKE -> v.json() instanceof JsonString s ? like(s.value(), text(literals.get(0))) : null;
      case MATCHES -> matches(v, text(literals.get(0)));
      case ISSUBSET -> subset(v, text(literals.get(0)), true);
      case ISSUPERSET -> subset(v, text(literals.get(0)), false);
    };
  }

  private static String text(Literal l) {
    return ((Literal.StringLiteral) l).value();
  }

  private static Boolean not(Boolean b) {
    return b == null ? null : !b;
  }

  private interface Test {
    boolean holds(int comparison);
  }

  private static Boolean order(Value v, Literal l, Test test) {
    Integer c = compareTo(v, l);
    return c == null ? null : test.holds(c);
  }

  private static Boolean equal(Value v, Literal l) {
    if (l instanceof Literal.BooleanLiteral b) {
      return v.json() instanceof JsonBoolean j ? j.value() == b.value() : null;
    }
    Integer c = compareTo(v, l);
    return c == null ? null : c == 0;
  }

  /** Sign of value minus literal, or null when they cannot be compared. */
  private static Integer compareTo(Value v, Literal l) {
    JsonValue json = v.json();
    return switch (l) {
      case Literal.StringLiteral s -> {
        if (!(json instanceof JsonString j)) {
          yield null;
        }
        if (v.encoding() == Encoding.HEX) {
          yield Integer.signum(
              compareCodePoints(
                  j.value().toLowerCase(Locale.ROOT), s.value().toLowerCase(Locale.ROOT)));
        }
        yield Integer.signum(compareCodePoints(j.value(), s.value()));
      }
      case Literal.IntegerLiteral i -> number(json, BigDecimal.valueOf(i.value()));
      case Literal.FloatLiteral f -> number(json, f.value());
      case Literal.BooleanLiteral b -> null;
      case Literal.TimestampLiteral t -> {
        if (!(json instanceof JsonString j)) {
          yield null;
        }
        try {
          yield Integer.signum(StixTimestamp.parse(j.value()).compareTo(t.value()));
        } catch (StixFormatException notATimestamp) {
          yield null;
        }
      }
      case Literal.BinaryLiteral b -> bytes(v, b.bytes());
      case Literal.HexLiteral h -> bytes(v, h.bytes());
    };
  }

  private static Integer number(JsonValue json, BigDecimal literal) {
    return json instanceof JsonNumber n
        ? Integer.signum(n.asBigDecimal().compareTo(literal))
        : null;
  }

  private static Integer bytes(Value v, byte[] literal) {
    byte[] value = decode(v);
    return value == null ? null : Integer.signum(Arrays.compareUnsigned(value, literal));
  }

  /** The bytes a base64 or hex property holds, or null for text properties and bad encodings. */
  static byte[] decode(Value v) {
    if (!(v.json() instanceof JsonString s)) {
      return null;
    }
    try {
      return switch (v.encoding()) {
        case BASE64 ->
            Literal.BinaryLiteral.isBase64(s.value())
                ? Base64.getDecoder().decode(s.value())
                : null;
        case HEX -> Literal.HexLiteral.isHex(s.value()) ? HexFormat.of().parseHex(s.value()) : null;
        case TEXT -> null;
      };
    } catch (IllegalArgumentException badEncoding) {
      return null;
    }
  }

  /** Orders strings by Unicode code point, not UTF-16 unit (they differ above U+FFFF). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * SQL-style LIKE over code points: {@code %} any run, {@code _} exactly one, the whole string,
   * case-sensitive. Greedy with one backtrack point: O(n·m) worst case, no recursion.
   */
  static boolean like(String value, String pattern) {
    int[] s = value.codePoints().toArray();
    int[] p = pattern.codePoints().toArray();
    int si = 0;
    int pi = 0;
    int starP = -1;
    int starS = 0;
    while (si < s.length) {
      if (pi < p.length && (p[pi] == '_' || (p[pi] != '%' && p[pi] == s[si]))) {
        pi++;
        si++;
      } else if (pi < p.length && p[pi] == '%') {
        starP = pi++;
        starS = si;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length && p[pi] == '%') {
      pi++;
    }
    return pi == p.length;
  }

  /**
   * Unanchored regular-expression search (RE2 syntax, linear time). A base64 or hex property is
   * searched as its bytes, each read as the code point of the same value (ISO-8859-1).
   */
  private Boolean matches(Value v, String regex) {
    if (!(v.json() instanceof JsonString s)) {
      return null;
    }
    Optional<com.google.re2j.Pattern> compiled =
        regexes.computeIfAbsent(
            regex,
            r ->
                RegexSafety.refusal(r).isPresent()
                    ? Optional.empty()
                    : Optional.of(RegexSafety.compile(r)));
    if (compiled.isEmpty()) {
      return null;
    }
    String subject = s.value();
    if (v.encoding() == Encoding.BASE64) {
      byte[] bytes = decode(v);
      if (bytes == null) {
        return null;
      }
      subject = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return compiled.get().matcher(subject).find();
  }

  private static Boolean subset(Value v, String literal, boolean subset) {
    if (!(v.json() instanceof JsonString s)) {
      return null;
    }
    Optional<IpNetwork> value = IpNetwork.parse(s.value());
    Optional<IpNetwork> block = IpNetwork.parse(literal);
    if (value.isEmpty() || block.isEmpty()) {
      return null;
    }
    return subset ? block.get().contains(value.get()) : value.get().contains(block.get());
  }
}
