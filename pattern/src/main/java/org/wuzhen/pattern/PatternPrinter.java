package org.wuzhen.pattern;

import java.util.List;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.ObjectPath.Step;

/** Canonical text of a pattern tree; the parser reads it back to an equal tree. */
final class PatternPrinter {
  private PatternPrinter() {}

  static String print(ObservationExpression e) {
    StringBuilder out = new StringBuilder();
    observation(e, out);
    return out.toString();
  }

  // Binding strength: FOLLOWEDBY 1, OR 2, AND 3, qualified/bracket 4.
  private static int strength(ObservationExpression e) {
    return switch (e) {
      case ObservationExpression.FollowedBy f -> 1;
      case ObservationExpression.Or o -> 2;
      case ObservationExpression.And a -> 3;
      case ObservationExpression.Qualified q -> 4;
      case ObservationExpression.Observation o -> 4;
    };
  }

  private static void observation(ObservationExpression e, StringBuilder out) {
    switch (e) {
      case ObservationExpression.Observation o -> {
        out.append('[');
        comparison(o.comparison(), out);
        out.append(']');
      }
      case ObservationExpression.And a -> join(a.operands(), " AND ", 3, out);
      case ObservationExpression.Or o -> join(o.operands(), " OR ", 2, out);
      case ObservationExpression.FollowedBy f -> join(f.operands(), " FOLLOWEDBY ", 1, out);
      case ObservationExpression.Qualified q -> {
        operand(q.expression(), 4, out);
        out.append(' ');
        qualifier(q.qualifier(), out);
      }
    }
  }

  // An operand of an operator of strength s needs parentheses unless it binds strictly tighter;
  // an equal-strength operand was an explicit group, since chains are kept flat.
  private static void join(
      List<ObservationExpression> operands, String op, int s, StringBuilder out) {
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        out.append(op);
      }
      operand(operands.get(i), s, out);
    }
  }

  private static void operand(ObservationExpression e, int s, StringBuilder out) {
    boolean qualifiedChild = s == 4 && e instanceof ObservationExpression.Qualified;
    boolean parens =
        strength(e) <= s && !qualifiedChild && !(e instanceof ObservationExpression.Observation);
    if (parens) {
      out.append('(');
    }
    observation(e, out);
    if (parens) {
      out.append(')');
    }
  }

  static void qualifier(Qualifier q, StringBuilder out) {
    switch (q) {
      case Qualifier.Within w ->
          out.append("WITHIN ").append(w.seconds().toPlainString()).append(" SECONDS");
      case Qualifier.Repeats r -> out.append("REPEATS ").append(r.times()).append(" TIMES");
      case Qualifier.StartStop s ->
          out.append("START t'")
              .append(s.start().text())
              .append("' STOP t'")
              .append(s.stop().text())
              .append('\'');
    }
  }

  static void comparison(ComparisonExpression e, StringBuilder out) {
    switch (e) {
      case ComparisonExpression.Or o -> {
        for (int i = 0; i < o.operands().size(); i++) {
          if (i > 0) {
            out.append(" OR ");
          }
          ComparisonExpression x = o.operands().get(i);
          comparisonOperand(x, x instanceof ComparisonExpression.Or, out);
        }
      }
      case ComparisonExpression.And a -> {
        for (int i = 0; i < a.operands().size(); i++) {
          if (i > 0) {
            out.append(" AND ");
          }
          ComparisonExpression x = a.operands().get(i);
          comparisonOperand(x, !(x instanceof Comparison), out);
        }
      }
      case Comparison c -> single(c, out);
    }
  }

  private static void comparisonOperand(ComparisonExpression e, boolean parens, StringBuilder out) {
    if (parens) {
      out.append('(');
    }
    comparison(e, out);
    if (parens) {
      out.append(')');
    }
  }

  private static void single(Comparison c, StringBuilder out) {
    if (c.operator() == Operator.EXISTS) {
      out.append("EXISTS ").append(path(c.path()));
      return;
    }
    out.append(path(c.path())).append(' ');
    if (c.negated()) {
      out.append("NOT ");
    }
    out.append(c.operator().symbol()).append(' ');
    if (c.operator() == Operator.IN) {
      out.append('(');
      for (int i = 0; i < c.values().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        literal(c.values().get(i), out);
      }
      out.append(')');
    } else {
      literal(c.value(), out);
    }
  }

  static String path(ObjectPath p) {
    StringBuilder out = new StringBuilder(p.objectType()).append(':');
    boolean first = true;
    for (Step step : p.steps()) {
      switch (step) {
        case Step.Key k -> {
          if (!first) {
            out.append('.');
          }
          if (isPlainIdentifier(k.name())) {
            out.append(k.name());
          } else {
            quote(k.name(), out);
          }
        }
        case Step.Index i -> out.append('[').append(i.index()).append(']');
        case Step.AnyIndex a -> out.append("[*]");
      }
      first = false;
    }
    return out.toString();
  }

  static boolean isPlainIdentifier(String s) {
    if (s.isEmpty() || Lexer.isKeyword(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == '_'
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static void literal(Literal l, StringBuilder out) {
    switch (l) {
      case Literal.StringLiteral s -> quote(s.value(), out);
      case Literal.IntegerLiteral i -> out.append(i.value());
      case Literal.FloatLiteral f -> out.append(f.value().toPlainString());
      case Literal.BooleanLiteral b -> out.append(b.value());
      case Literal.TimestampLiteral t -> out.append("t'").append(t.value().text()).append('\'');
      case Literal.BinaryLiteral b -> out.append("b'").append(b.base64()).append('\'');
      case Literal.HexLiteral h -> out.append("h'").append(h.hex()).append('\'');
    }
  }

  static String literal(Literal l) {
    StringBuilder out = new StringBuilder();
    literal(l, out);
    return out.toString();
  }

  private static void quote(String s, StringBuilder out) {
    out.append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('\'');
  }
}
