package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.Lexer.Kind;
import org.wuzhen.pattern.Lexer.Token;
import org.wuzhen.pattern.ObjectPath.Step;
import org.wuzhen.stix.StixTimestamp;

/**
 * Recursive-descent parser for the STIX 2.1 pattern grammar (§9). Precedence, loosest first:
 * FOLLOWEDBY, OR, AND, qualifiers; inside brackets OR, then AND. All operators are
 * left-associative. Recursion only happens at brackets and parentheses, whose depth is bounded.
 */
final class PatternParser {
  private final List<Token> tokens;
  private final int maxDepth;
  private final IdentityHashMap<Object, Integer> columns = new IdentityHashMap<>();
  private int index;
  private int depth;

  private PatternParser(List<Token> tokens, int maxDepth) {
    this.tokens = tokens;
    this.maxDepth = maxDepth;
  }

  static Pattern parse(String text, int maxLength, int maxDepth) {
    if (text.length() > maxLength) {
      throw new PatternSyntaxException(
          maxLength + 1,
          "pattern is " + text.length() + " characters long; the limit is " + maxLength);
    }
    PatternParser parser = new PatternParser(Lexer.tokenize(text), maxDepth);
    ObservationExpression root = parser.followedBy();
    Token end = parser.peek();
    if (end.kind() != Kind.END) {
      throw parser.expected("AND, OR, FOLLOWEDBY or a qualifier", end);
    }
    return new Pattern(root, parser.columns);
  }

  // ---- observation level

  private ObservationExpression followedBy() {
    List<ObservationExpression> operands = new ArrayList<>();
    operands.add(observationOr());
    while (peek().isWord("FOLLOWEDBY")) {
      index++;
      operands.add(observationOr());
    }
    return operands.size() == 1 ? operands.get(0) : new ObservationExpression.FollowedBy(operands);
  }

  private ObservationExpression observationOr() {
    List<ObservationExpression> operands = new ArrayList<>();
    operands.add(observationAnd());
    while (peek().isWord("OR")) {
      index++;
      operands.add(observationAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new ObservationExpression.Or(operands);
  }

  private ObservationExpression observationAnd() {
    List<ObservationExpression> operands = new ArrayList<>();
    operands.add(qualified());
    while (peek().isWord("AND")) {
      index++;
      operands.add(qualified());
    }
    return operands.size() == 1 ? operands.get(0) : new ObservationExpression.And(operands);
  }

  private ObservationExpression qualified() {
    ObservationExpression e = observationPrimary();
    while (true) {
      Token t = peek();
      Qualifier q;
      if (t.isWord("WITHIN")) {
        index++;
        Token n = next();
        BigDecimal seconds;
        if (n.kind() == Kind.INTEGER) {
          seconds = BigDecimal.valueOf((Long) n.value());
        } else if (n.kind() == Kind.FLOAT) {
          seconds = (BigDecimal) n.value();
        } else {
          throw expected("a number of seconds", n);
        }
        word("SECONDS");
        q = new Qualifier.Within(seconds);
      } else if (t.isWord("REPEATS")) {
        index++;
        Token n = next();
        if (n.kind() != Kind.INTEGER) {
          throw expected("an integer count", n);
        }
        word("TIMES");
        q = new Qualifier.Repeats((Long) n.value());
      } else if (t.isWord("START")) {
        index++;
        StixTimestamp start = timestamp();
        word("STOP");
        q = new Qualifier.StartStop(start, timestamp());
      } else {
        return e;
      }
      columns.put(q, t.column());
      e = new ObservationExpression.Qualified(e, q);
    }
  }

  private StixTimestamp timestamp() {
    Token t = next();
    if (t.kind() != Kind.TIMESTAMP) {
      throw expected("a timestamp t'...'", t);
    }
    return (StixTimestamp) t.value();
  }

  private ObservationExpression observationPrimary() {
    Token t = next();
    if (t.kind() == Kind.LBRACKET) {
      enter(t);
      ComparisonExpression c = comparisonOr();
      Token close = next();
      if (close.kind() != Kind.RBRACKET) {
        throw expected("']', AND or OR", close);
      }
      depth--;
      ObservationExpression.Observation o = new ObservationExpression.Observation(c);
      columns.put(o, t.column());
      return o;
    }
    if (t.kind() == Kind.LPAREN) {
      enter(t);
      ObservationExpression e = followedBy();
      Token close = next();
      if (close.kind() != Kind.RPAREN) {
        throw expected("')', AND, OR, FOLLOWEDBY or a qualifier", close);
      }
      depth--;
      return e;
    }
    throw expected("'[' or '('", t);
  }

  // ---- comparison level

  private ComparisonExpression comparisonOr() {
    List<ComparisonExpression> operands = new ArrayList<>();
    operands.add(comparisonAnd());
    while (peek().isWord("OR")) {
      index++;
      operands.add(comparisonAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new ComparisonExpression.Or(operands);
  }

  private ComparisonExpression comparisonAnd() {
    List<ComparisonExpression> operands = new ArrayList<>();
    operands.add(comparisonPrimary());
    while (peek().isWord("AND")) {
      index++;
      operands.add(comparisonPrimary());
    }
    return operands.size() == 1 ? operands.get(0) : new ComparisonExpression.And(operands);
  }

  private ComparisonExpression comparisonPrimary() {
    Token t = peek();
    if (t.kind() == Kind.LPAREN) {
      index++;
      enter(t);
      ComparisonExpression c = comparisonOr();
      Token close = next();
      if (close.kind() != Kind.RPAREN) {
        throw expected("')', AND or OR", close);
      }
      depth--;
      return c;
    }
    if (t.isWord("EXISTS")) {
      index++;
      Comparison c = new Comparison(path(), Operator.EXISTS, false, List.of());
      columns.put(c, t.column());
      return c;
    }
    ObjectPath path = path();
    boolean negated = false;
    Token op = next();
    if (op.isWord("NOT")) {
      negated = true;
      op = next();
    }
    Operator operator = operator(op);
    List<Literal> values = new ArrayList<>();
    if (operator == Operator.IN) {
      Token open = next();
      if (open.kind() != Kind.LPAREN) {
        throw expected("'(' to start the IN list", open);
      }
      values.add(literal(operator));
      while (peek().kind() == Kind.COMMA) {
        index++;
        values.add(literal(operator));
      }
      Token close = next();
      if (close.kind() != Kind.RPAREN) {
        throw expected("',' or ')'", close);
      }
    } else {
      values.add(literal(operator));
    }
    Comparison c = new Comparison(path, operator, negated, values);
    columns.put(c, t.column());
    return c;
  }

  private Operator operator(Token op) {
    if (op.kind() == Kind.OPERATOR) {
      return (Operator) op.value();
    }
    if (op.kind() == Kind.WORD) {
      switch (op.text()) {
        case "IN":
          return Operator.IN;
        case "LIKE":
          return Operator.LIKE;
        case "MATCHES":
          return Operator.MATCHES;
        case "ISSUBSET":
          return Operator.ISSUBSET;
        case "ISSUPERSET":
          return Operator.ISSUPERSET;
        case "EXISTS":
          throw new PatternSyntaxException(
              op.column(), "EXISTS goes before the object path: EXISTS type:property");
        default:
          break;
      }
    }
    throw expected("a comparison operator", op);
  }

  private Literal literal(Operator operator) {
    Token t = next();
    Literal l =
        switch (t.kind()) {
          case STRING -> new Literal.StringLiteral((String) t.value());
          case INTEGER -> new Literal.IntegerLiteral((Long) t.value());
          case FLOAT -> new Literal.FloatLiteral((BigDecimal) t.value());
          case TIMESTAMP -> new Literal.TimestampLiteral((StixTimestamp) t.value());
          case BINARY -> (Literal.BinaryLiteral) t.value();
          case HEX -> (Literal.HexLiteral) t.value();
          case WORD -> {
            if (t.text().equals("true") || t.text().equals("false")) {
              yield new Literal.BooleanLiteral(t.text().equals("true"));
            }
            throw expected("a literal", t);
          }
          default -> throw expected("a literal", t);
        };
    if (operator.needsString() && !(l instanceof Literal.StringLiteral)) {
      throw new PatternSyntaxException(
          t.column(), operator.symbol() + " needs a string literal, found " + t.shown());
    }
    if (operator.isOrdering() && l instanceof Literal.BooleanLiteral) {
      throw new PatternSyntaxException(
          t.column(), "'" + operator.symbol() + "' cannot order a boolean, found " + t.shown());
    }
    columns.put(l, t.column());
    return l;
  }

  private ObjectPath path() {
    Token type = next();
    if (type.kind() != Kind.WORD || Lexer.isKeyword(type.text())) {
      throw expected("an object path such as file:name", type);
    }
    Token colon = next();
    if (colon.kind() != Kind.COLON) {
      throw expected("':' after the object type", colon);
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Key(key(next())));
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.DOT) {
        index++;
        steps.add(new Step.Key(key(next())));
      } else if (t.kind() == Kind.LBRACKET) {
        index++;
        Token i = next();
        if (i.kind() == Kind.STAR) {
          steps.add(new Step.AnyIndex());
        } else if (i.kind() == Kind.INTEGER && (Long) i.value() >= 0) {
          if ((Long) i.value() > Integer.MAX_VALUE) {
            throw new PatternSyntaxException(
                i.column(), "list index " + i.text() + " is too large");
          }
          steps.add(new Step.Index(((Long) i.value()).intValue()));
        } else {
          throw expected("a list index (0 or more) or '*'", i);
        }
        Token close = next();
        if (close.kind() != Kind.RBRACKET) {
          throw expected("']' after the list index", close);
        }
      } else {
        return new ObjectPath(type.text(), steps);
      }
    }
  }

  private String key(Token t) {
    if (t.kind() == Kind.STRING) {
      return (String) t.value();
    }
    if (t.kind() == Kind.WORD && !Lexer.isKeyword(t.text())) {
      if (t.text().indexOf('-') >= 0) {
        throw new PatternSyntaxException(
            t.column(),
            "property name " + t.shown() + " contains '-': quote it as '" + t.text() + "'");
      }
      return t.text();
    }
    throw expected("a property name", t);
  }

  // ---- helpers

  private void enter(Token t) {
    if (++depth > maxDepth) {
      throw new PatternSyntaxException(
          t.column(), "brackets and parentheses nest deeper than " + maxDepth + " levels");
    }
  }

  private void word(String word) {
    Token t = next();
    if (!t.isWord(word)) {
      throw expected(word, t);
    }
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.END) {
      index++;
    }
    return t;
  }

  private PatternSyntaxException expected(String what, Token found) {
    return new PatternSyntaxException(
        found.column(), "expected " + what + ", found " + found.shown());
  }
}
