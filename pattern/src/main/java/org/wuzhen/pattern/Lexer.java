package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;

/**
 * Splits pattern text into tokens (STIX 2.1 §9 lexical rules). Whitespace and comments are skipped.
 */
final class Lexer {

  enum Kind {
    LBRACKET("'['"),
    RBRACKET("']'"),
    LPAREN("'('"),
    RPAREN("')'"),
    COLON("':'"),
    DOT("'.'"),
    COMMA("','"),
    STAR("'*'"),
    OPERATOR("a comparison operator"),
    WORD("a word"),
    STRING("a string"),
    INTEGER("an integer"),
    FLOAT("a float"),
    TIMESTAMP("a timestamp"),
    BINARY("a binary literal"),
    HEX("a hex literal"),
    END("end of pattern");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** One token; {@code value} holds the decoded literal for literal kinds, else null. */
  record Token(Kind kind, String text, int column, Object value) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equals(word);
    }

    String shown() {
      if (kind == Kind.END) {
        return "end of pattern";
      }
      String t = text.length() > 24 ? text.substring(0, 24) + "..." : text;
      return "'" + t + "'";
    }
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "AND",
          "OR",
          "NOT",
          "FOLLOWEDBY",
          "LIKE",
          "MATCHES",
          "ISSUBSET",
          "ISSUPERSET",
          "EXISTS",
          "IN",
          "WITHIN",
          "SECONDS",
          "REPEATS",
          "TIMES",
          "START",
          "STOP",
          "true",
          "false");

  static boolean isKeyword(String word) {
    return KEYWORDS.contains(word);
  }

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Kind.END);
    return out;
  }

  private PatternSyntaxException error(int at, String problem) {
    return new PatternSyntaxException(at + 1, problem);
  }

  private Token next() {
    skipSpaceAndComments();
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Kind.END, "", start + 1, null);
    }
    char c = text.charAt(pos);
    char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    switch (c) {
      case '[':
        return single(Kind.LBRACKET);
      case ']':
        return single(Kind.RBRACKET);
      case '(':
        return single(Kind.LPAREN);
      case ')':
        return single(Kind.RPAREN);
      case ':':
        return single(Kind.COLON);
      case ',':
        return single(Kind.COMMA);
      case '*':
        return single(Kind.STAR);
      case '=':
        return operator(n == '=' ? 2 : 1, Operator.EQ);
      case '!':
        if (n == '=') {
          return operator(2, Operator.NE);
        }
        throw error(start, "unexpected character '!' (did you mean '!='?)");
      case '<':
        if (n == '>') {
          return operator(2, Operator.NE);
        }
        return n == '=' ? operator(2, Operator.LE) : operator(1, Operator.LT);
      case '>':
        return n == '=' ? operator(2, Operator.GE) : operator(1, Operator.GT);
      case '\'':
        return string(Kind.STRING, start, pos + 1);
      default:
        break;
    }
    if (c == '.' && !isDigit(n)) {
      return single(Kind.DOT);
    }
    if (isDigit(c) || c == '.' || ((c == '-' || c == '+') && (isDigit(n) || n == '.'))) {
      return number(start);
    }
    if (n == '\'' && (c == 't' || c == 'b' || c == 'h')) {
      Kind kind = c == 't' ? Kind.TIMESTAMP : c == 'b' ? Kind.BINARY : Kind.HEX;
      return string(kind, start, pos + 2);
    }
    if (isIdentifierStart(c)) {
      pos++;
      while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.WORD, text.substring(start, pos), start + 1, null);
    }
    throw error(start, "unexpected character " + shownChar(start));
  }

  private String shownChar(int at) {
    int cp = text.codePointAt(at);
    if (cp < 0x20 || cp == 0x7f) {
      return String.format("U+%04X", cp);
    }
    return "'" + new String(Character.toChars(cp)) + "'";
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        pos++;
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error(pos, "unterminated comment");
        }
        pos = end + 2;
      } else if (text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token single(Kind kind) {
    int start = pos++;
    return new Token(kind, text.substring(start, pos), start + 1, null);
  }

  private Token operator(int length, Operator op) {
    int start = pos;
    pos += length;
    return new Token(Kind.OPERATOR, text.substring(start, pos), start + 1, op);
  }

  private Token number(int start) {
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
    }
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    boolean isFloat = false;
    if (pos < text.length() && text.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      int digits = pos;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        throw error(start, "a float needs digits after the decimal point");
      }
    }
    if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      throw error(start, "malformed number " + quoted(start, pos + 1));
    }
    String raw = text.substring(start, pos);
    String digits = raw.startsWith("+") ? raw.substring(1) : raw;
    if (isFloat) {
      return new Token(Kind.FLOAT, raw, start + 1, new BigDecimal(digits));
    }
    BigInteger value = new BigInteger(digits);
    if (value.bitLength() > 63) {
      throw error(start, "integer " + raw + " is out of range (64-bit)");
    }
    return new Token(Kind.INTEGER, raw, start + 1, value.longValue());
  }

  private String quoted(int from, int to) {
    String t = text.substring(from, Math.min(to, text.length()));
    return "'" + (t.length() > 24 ? t.substring(0, 24) + "..." : t) + "'";
  }

  /** A quoted literal starting at {@code start}; its content begins at {@code contentStart}. */
  private Token string(Kind kind, int start, int contentStart) {
    StringBuilder value = new StringBuilder();
    pos = contentStart;
    while (true) {
      if (pos >= text.length()) {
        throw error(
            start, "unterminated " + kind.description.substring(kind.description.indexOf(' ') + 1));
      }
      char c = text.charAt(pos);
      if (c == '\'') {
        pos++;
        break;
      }
      if (c == '\\') {
        char e = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        if (kind != Kind.STRING || (e != '\'' && e != '\\')) {
          throw error(
              pos,
              "invalid escape in "
                  + kind.description
                  + ": only \\' and \\\\ are allowed in strings");
        }
        value.append(e);
        pos += 2;
        continue;
      }
      value.append(c);
      pos++;
    }
    String raw = text.substring(start, pos);
    String content = value.toString();
    return switch (kind) {
      case STRING -> new Token(kind, raw, start + 1, content);
      case TIMESTAMP -> {
        try {
          yield new Token(kind, raw, start + 1, StixTimestamp.parse(content));
        } catch (StixFormatException e) {
          throw error(
              start, "invalid timestamp literal " + raw + ": expected YYYY-MM-DDTHH:MM:SS[.s+]Z");
        }
      }
      case BINARY -> {
        if (!Literal.BinaryLiteral.isBase64(content)) {
          throw error(start, "invalid binary literal " + raw + ": expected padded base64");
        }
        yield new Token(kind, raw, start + 1, new Literal.BinaryLiteral(content));
      }
      case HEX -> {
        if (!Literal.HexLiteral.isHex(content)) {
          throw error(
              start, "invalid hex literal " + raw + ": expected an even number of hex digits");
        }
        yield new Token(kind, raw, start + 1, new Literal.HexLiteral(content));
      }
      default -> throw new IllegalStateException(kind.name());
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '-';
  }
}
