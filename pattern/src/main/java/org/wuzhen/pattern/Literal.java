package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import org.wuzhen.stix.StixTimestamp;

/** A constant in a comparison (STIX 2.1 §9.2). Binary and hex literals keep their text. */
public sealed interface Literal {

  /** A string; {@code value} is the text after unescaping {@code \'} and {@code \\}. */
  record StringLiteral(String value) implements Literal {
    public StringLiteral {
      requireNonNull(value, "value");
    }
  }

  /** An integer that fits in a long. */
  record IntegerLiteral(long value) implements Literal {}

  /** A float, kept exactly; its scale is at least 1 so it prints with a decimal point. */
  record FloatLiteral(BigDecimal value) implements Literal {
    public FloatLiteral {
      requireNonNull(value, "value");
      if (value.scale() < 1) {
        value = value.setScale(1);
      }
    }
  }

  record BooleanLiteral(boolean value) implements Literal {}

  /** {@code t'2020-01-01T00:00:00Z'}. */
  record TimestampLiteral(StixTimestamp value) implements Literal {
    public TimestampLiteral {
      requireNonNull(value, "value");
    }
  }

  /** {@code b'...'}: standard base64 with padding. */
  record BinaryLiteral(String base64) implements Literal {
    public BinaryLiteral {
      requireNonNull(base64, "base64");
      if (!isBase64(base64)) {
        throw new IllegalArgumentException("not padded base64: '" + base64 + "'");
      }
    }

    public byte[] bytes() {
      return Base64.getDecoder().decode(base64);
    }

    static boolean isBase64(String text) {
      if (text.length() % 4 != 0) {
        return false;
      }
      int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
      for (int i = 0; i < text.length() - padding; i++) {
        char c = text.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code h'...'}: an even number of hex digits, either case. */
  record HexLiteral(String hex) implements Literal {
    public HexLiteral {
      requireNonNull(hex, "hex");
      if (!isHex(hex)) {
        throw new IllegalArgumentException("not an even number of hex digits: '" + hex + "'");
      }
    }

    public byte[] bytes() {
      return HexFormat.of().parseHex(hex);
    }

    static boolean isHex(String text) {
      if (text.length() % 2 != 0) {
        return false;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          return false;
        }
      }
      return true;
    }
  }
}
