package org.wuzhen.stix;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON Canonicalization Scheme of RFC 8785: members sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript form, minimal string escapes. Used for deterministic SCO ids and for
 * signatures.
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  public static String write(JsonValue value) {
    StringBuilder out = new StringBuilder(128);
    append(out, value);
    return out.toString();
  }

  public static byte[] writeBytes(JsonValue value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder out, JsonValue value) {
    switch (value) {
      case JsonObject o -> {
        Integer[] order = new Integer[o.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        // RFC 8785 §3.2.3: sort by UTF-16 code units, which is what String.compareTo does.
        Arrays.sort(order, (a, b) -> o.nameAt(a).compareTo(o.nameAt(b)));
        out.append('{');
        for (int i = 0; i < order.length; i++) {
          if (i > 0) {
            out.append(',');
          }
          appendString(out, o.nameAt(order[i]));
          out.append(':');
          append(out, o.valueAt(order[i]));
        }
        out.append('}');
      }
      case JsonArray a -> {
        out.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, a.get(i));
        }
        out.append(']');
      }
      case JsonString s -> appendString(out, s.value());
      case JsonNumber n -> out.append(ecmaScriptNumber(n.asDouble()));
      case JsonBoolean b -> out.append(b.value());
      case JsonNull ignored -> out.append("null");
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else if (Character.isSurrogate(c)) {
            // RFC 8785 §3.2.2.2: strings are whole Unicode; UTF-8 cannot carry a lone surrogate,
            // so two different texts would canonicalise alike.
            if (!Character.isHighSurrogate(c)
                || i + 1 >= s.length()
                || !Character.isLowSurrogate(s.charAt(i + 1))) {
              throw new IllegalArgumentException(
                  "RFC 8785 cannot canonicalise an unpaired surrogate (\\u"
                      + Integer.toHexString(c)
                      + ")");
            }
            out.append(c).append(s.charAt(++i));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Number to text as ECMAScript's Number.prototype.toString does (ECMA-262 §7.1.12.1), which RFC
   * 8785 §3.2.2.3 requires. Java's Double.toString gives the shortest round-tripping digits since
   * JDK 19; only the layout differs.
   */
  static String ecmaScriptNumber(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("RFC 8785 has no form for " + d);
    }
    if (d == 0) {
      return "0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal shortest = shortestDigits(Math.abs(d));
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits × 10^n
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /**
   * The fewest significant digits that read back as {@code d}, nearest to its exact value. Usually
   * what Double.toString gives; searched explicitly because Double.toString keeps at least two
   * digits in some cases (4.9E-324 where ECMAScript writes 5e-324).
   */
  private static BigDecimal shortestDigits(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
