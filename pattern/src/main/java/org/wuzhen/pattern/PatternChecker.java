package org.wuzhen.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.Finding.Severity;
import org.wuzhen.pattern.ObjectPath.Step;
import org.wuzhen.stix.ScoCatalog;
import org.wuzhen.stix.ScoCatalog.ScoType;
import org.wuzhen.stix.ValueKind;

/**
 * Checks a parsed pattern beyond its syntax. Warnings: unknown cyber-observable types and
 * properties ({@code x-} types and {@code x_} properties pass silently), lists compared without an
 * index. Errors: a literal of the wrong type for its property, a bad CIDR block, a regular
 * expression RE2J cannot run, REPEATS or WITHIN not positive, START not before STOP.
 */
public final class PatternChecker {
  private final Pattern pattern;
  private final List<Finding> findings = new ArrayList<>();

  private PatternChecker(Pattern pattern) {
    this.pattern = pattern;
  }

  /** Every finding for the pattern, in tree order. */
  public static List<Finding> check(Pattern pattern) {
    PatternChecker checker = new PatternChecker(pattern);
    checker.observation(pattern.root());
    return List.copyOf(checker.findings);
  }

  private void observation(ObservationExpression e) {
    switch (e) {
      case ObservationExpression.Observation o -> comparison(o.comparison());
      case ObservationExpression.And a -> a.operands().forEach(this::observation);
      case ObservationExpression.Or o -> o.operands().forEach(this::observation);
      case ObservationExpression.FollowedBy f -> f.operands().forEach(this::observation);
      case ObservationExpression.Qualified q -> {
        observation(q.expression());
        qualifier(q.qualifier());
      }
    }
  }

  private void qualifier(Qualifier q) {
    int col = pattern.columnOf(q);
    switch (q) {
      case Qualifier.Within w -> {
        if (w.seconds().signum() <= 0) {
          error(
              col,
              "WITHIN needs a positive number of seconds, found " + w.seconds().toPlainString());
        }
      }
      case Qualifier.Repeats r -> {
        if (r.times() < 1) {
          error(col, "REPEATS needs a count of at least 1, found " + r.times());
        }
      }
      case Qualifier.StartStop s -> {
        if (s.start().compareTo(s.stop()) >= 0) {
          error(col, "START t'" + s.start() + "' is not earlier than STOP t'" + s.stop() + "'");
        }
      }
    }
  }

  private void comparison(ComparisonExpression e) {
    switch (e) {
      case ComparisonExpression.And a -> a.operands().forEach(this::comparison);
      case ComparisonExpression.Or o -> o.operands().forEach(this::comparison);
      case Comparison c -> single(c);
    }
  }

  private void single(Comparison c) {
    int col = pattern.columnOf(c);
    Optional<ValueKind> kind =
        new PathKinds(c.path(), col).resolve(c.operator() != Operator.EXISTS);
    for (Literal l : c.values()) {
      int lcol = pattern.columnOf(l) > 0 ? pattern.columnOf(l) : col;
      literal(c, l, lcol);
      kind.ifPresent(k -> typeCheck(c, k, l, lcol));
    }
  }

  private void literal(Comparison c, Literal l, int col) {
    if (!(l instanceof Literal.StringLiteral s)) {
      return;
    }
    switch (c.operator()) {
      case ISSUBSET, ISSUPERSET -> {
        Optional<IpNetwork> block = IpNetwork.parse(s.value());
        if (block.isEmpty()) {
          error(col, "'" + s.value() + "' is not an IPv4 or IPv6 address or CIDR block");
        } else if (block.get().hasHostBits()) {
          warning(
              col, "'" + s.value() + "' has bits set below its prefix length; they are ignored");
        }
      }
      case MATCHES -> RegexSafety.refusal(s.value()).ifPresent(why -> error(col, why));
      default -> {}
    }
  }

  private void typeCheck(Comparison c, ValueKind kind, Literal l, int col) {
    String path = c.path().toString();
    Operator op = c.operator();
    String kindName = kindName(kind);
    if (op.needsString()
        && kind != ValueKind.STRING
        && kind != ValueKind.BINARY
        && kind != ValueKind.HEX
        && kind != ValueKind.TIMESTAMP
        && kind != ValueKind.REFERENCE) {
      error(col, op.symbol() + " needs a string property; " + path + " is " + kindName);
      return;
    }
    if ((op == Operator.ISSUBSET || op == Operator.ISSUPERSET) && kind != ValueKind.STRING) {
      error(col, op.symbol() + " needs an IP address property; " + path + " is " + kindName);
      return;
    }
    boolean fits =
        switch (kind) {
          case STRING, REFERENCE -> l instanceof Literal.StringLiteral;
          case INTEGER, FLOAT ->
              l instanceof Literal.IntegerLiteral || l instanceof Literal.FloatLiteral;
          case BOOLEAN -> l instanceof Literal.BooleanLiteral;
          case TIMESTAMP ->
              l instanceof Literal.TimestampLiteral || l instanceof Literal.StringLiteral;
          case BINARY, HEX ->
              l instanceof Literal.BinaryLiteral
                  || l instanceof Literal.HexLiteral
                  || l instanceof Literal.StringLiteral;
          default -> true;
        };
    if (!fits) {
      error(
          col,
          path
              + " is "
              + kindName
              + " property; '"
              + op.symbol()
              + "' compares it with "
              + literalName(l)
              + " "
              + PatternPrinter.literal(l));
    } else if (kind == ValueKind.TIMESTAMP
        && l instanceof Literal.StringLiteral
        && !op.needsString()) {
      warning(col, path + " is a timestamp; a string literal compares as text: write t'...'");
    } else if (kind == ValueKind.INTEGER && l instanceof Literal.FloatLiteral) {
      warning(
          col, path + " is an integer; it is compared with the float " + PatternPrinter.literal(l));
    }
  }

  private static String kindName(ValueKind kind) {
    return switch (kind) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case FLOAT -> "a float";
      case BOOLEAN -> "a boolean";
      case TIMESTAMP -> "a timestamp";
      case BINARY -> "a binary (base64)";
      case HEX -> "a hex";
      case REFERENCE -> "a reference";
      case REFERENCE_LIST -> "a list of references";
      case STRING_LIST -> "a list of strings";
      case HASHES -> "a hashes dictionary";
      case DICTIONARY -> "a dictionary";
      case OBJECT_LIST -> "a list of objects";
      case OBJECT -> "an object";
    };
  }

  private static String literalName(Literal l) {
    return switch (l) {
      case Literal.StringLiteral s -> "a string";
      case Literal.IntegerLiteral i -> "an integer";
      case Literal.FloatLiteral f -> "a float";
      case Literal.BooleanLiteral b -> "a boolean";
      case Literal.TimestampLiteral t -> "a timestamp";
      case Literal.BinaryLiteral b -> "a binary literal";
      case Literal.HexLiteral h -> "a hex literal";
    };
  }

  private void error(int column, String message) {
    findings.add(new Finding(Severity.ERROR, column, message));
  }

  private void warning(int column, String message) {
    findings.add(new Finding(Severity.WARNING, column, message));
  }

  /** Walks a path through the SCO catalog to the kind of value it reaches, when it is known. */
  private final class PathKinds {
    private final ObjectPath path;
    private final int col;

    PathKinds(ObjectPath path, int col) {
      this.path = path;
      this.col = col;
    }

    Optional<ValueKind> resolve(boolean compared) {
      String type = path.objectType();
      Optional<ScoType> sco = ScoCatalog.get(type);
      if (sco.isEmpty()) {
        if (!type.startsWith("x-")) {
          warning(col, "unknown cyber-observable type '" + type + "'");
        }
        return Optional.empty();
      }
      ScoType current = sco.get();
      String name = path.property();
      ValueKind kind = property(current, name);
      if (kind == null) {
        return Optional.empty();
      }
      List<Step> steps = path.steps();
      for (int i = 1; i < steps.size(); i++) {
        Step step = steps.get(i);
        switch (kind) {
          case REFERENCE -> {
            if (!(step instanceof Step.Key k)) {
              return Optional.empty();
            }
            Set<String> targets = current.referenceTargets().getOrDefault(name, Set.of());
            if (targets.size() != 1) {
              return Optional.empty();
            }
            current = ScoCatalog.get(targets.iterator().next()).orElseThrow();
            name = k.name();
            kind = property(current, name);
            if (kind == null) {
              return Optional.empty();
            }
          }
          case REFERENCE_LIST, STRING_LIST -> {
            if (step instanceof Step.Key) {
              warning(col, path + ": " + name + " is a list: step into it with [*] or [n]");
              return Optional.empty();
            }
            kind = kind == ValueKind.REFERENCE_LIST ? ValueKind.REFERENCE : ValueKind.STRING;
          }
          case HASHES -> {
            if (!(step instanceof Step.Key)) {
              return Optional.empty();
            }
            kind = ValueKind.HEX;
          }
          case DICTIONARY, OBJECT, OBJECT_LIST -> {
            return Optional.empty();
          }
          default -> {
            warning(col, path + ": " + name + " is " + kindName(kind) + " and has no parts");
            return Optional.empty();
          }
        }
      }
      if (compared && (kind == ValueKind.REFERENCE_LIST || kind == ValueKind.STRING_LIST)) {
        warning(col, path + " is a list; a comparison needs [*] or [n] to reach its elements");
        return Optional.empty();
      }
      if (compared
          && (kind == ValueKind.HASHES
              || kind == ValueKind.DICTIONARY
              || kind == ValueKind.OBJECT
              || kind == ValueKind.OBJECT_LIST)) {
        warning(
            col, path + " is " + kindName(kind) + "; a comparison needs a key or index into it");
        return Optional.empty();
      }
      return Optional.of(kind);
    }

    private ValueKind property(ScoType type, String name) {
      Optional<ValueKind> kind = type.property(name);
      if (kind.isEmpty() && !name.startsWith("x_")) {
        warning(col, "'" + type.name() + "' has no property '" + name + "' (" + path + ")");
      }
      return kind.orElse(null);
    }
  }
}
