package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;

/**
 * Compares one property value with a comparison's literal(s) (STIX 2.1 §9.6). A value of a type the
 * literal cannot be compared with makes the operator false, except {@code !=}, which is true
 * (§9.6.1: "the results are false; the sole exception is the != operator in which case the result
 * is true"); {@code NOT} then negates that result. A value that cannot be obtained (a {@code _bin}
 * or {@code _hex} property that does not decode) makes the comparison false whatever the operators,
 * as a missing property does (§9.6). Mutable: caches compiled regular expressions; confined to one
 * evaluation.
 */
final class ValueComparison {

  /** How a property's string value encodes its content, from its name (STIX 2.1 §2.1 suffixes). */
  enum Encoding {
    TEXT,
    /** {@code *_bin}: base64. */
    BASE64,
    /** {@code *_hex}: hex digits, compared as the octets they encode (§9.6.4). */
    HEX
  }

  /** A value reached by an object path, with the encoding its property name implies. */
  record Value(JsonValue json, Encoding encoding) {}

  private final Map<String, Optional<com.google.re2j.Pattern>> regexes = new HashMap<>();

  boolean test(Value v, Operator op, boolean negated, List<Literal> literals) {
    if (v.encoding() != Encoding.TEXT && v.json() instanceof JsonString && decode(v) == null) {
      return false; // binary data that cannot be obtained: false, negated or not (§9.6)
    }
    Boolean raw = compare(v, op, literals);
    boolean result = raw == null ? op == Operator.NE : raw;
    return negated != result;
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
      case LIKE ->
          v.json() instanceof JsonString s && v.encoding() == Encoding.TEXT
              ? like(nfc(s.value()), nfc(text(literals.get(0))))
              : null;
      case MATCHES -> matches(v, text(literals.get(0)));
      case ISSUBSET -> subset(v, text(literals.get(0)), true);
      case ISSUPERSET -> subset(v, text(literals.get(0)), false);
    };
  }

  private static String text(Literal l) {
    return ((Literal.StringLiteral) l).value();
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /**
   * A string as octets, code point U+0000..U+00FF to byte 00..ff (§9.2, §9.6.4), or null when some
   * code point is U+0100 or above.
   */
  static byte[] latin1(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xff) {
        return null;
      }
      out[i] = (byte) c;
    }
    return out;
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
        if (v.encoding() != Encoding.TEXT) {
          // §9.6.4: the string constant becomes octets when every code point is below U+0100.
          byte[] literal = latin1(s.value());
          yield literal == null ? null : bytes(v, literal);
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

  /**
   * A binary or hex literal (or a converted string) against a value: a {@code _bin}/{@code _hex}
   * property as its decoded octets, a text property as its code points when all are below U+0100
   * (§9.2: "the string MAY be converted to a binary type value").
   */
  private static Integer bytes(Value v, byte[] literal) {
    if (!(v.json() instanceof JsonString s)) {
      return null;
    }
    byte[] value = v.encoding() == Encoding.TEXT ? latin1(s.value()) : decode(v);
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
   * case-sensitive, no escape character. Callers NFC-normalise both sides (§9.6.1, §9.6.2). Greedy
   * with one backtrack point: O(n·m) worst case, no recursion.
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
   * Unanchored regular-expression search (§9.6.1: "The search function MUST be used", DOTALL; RE2
   * syntax, linear time). A string property and the expression are NFC-normalised first. A {@code
   * _bin} or {@code _hex} property is searched as its octets, each read as the code point of the
   * same value (ISO-8859-1); an expression with a code point above U+00FF cannot match octets.
   */
  private Boolean matches(Value v, String rawRegex) {
    if (!(v.json() instanceof JsonString s)) {
      return null;
    }
    boolean binary = v.encoding() != Encoding.TEXT;
    if (binary && latin1(rawRegex) == null) {
      return null;
    }
    String regex = binary ? rawRegex : nfc(rawRegex);
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
    String subject = nfc(s.value());
    if (binary) {
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
