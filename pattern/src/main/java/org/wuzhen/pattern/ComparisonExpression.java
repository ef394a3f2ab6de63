package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The inside of one observation expression's brackets (STIX 2.1 §9.5): comparisons joined by AND
 * (tighter) and OR. Chains of one operator are kept flat; explicit parentheses nest.
 */
public sealed interface ComparisonExpression {

  /** All operands hold for the same cyber-observable object. */
  record And(List<ComparisonExpression> operands) implements ComparisonExpression {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("AND needs two or more operands");
      }
    }
  }

  /** Some operand holds, each for some object of the observation. */
  record Or(List<ComparisonExpression> operands) implements ComparisonExpression {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("OR needs two or more operands");
      }
    }
  }

  /**
   * One comparison: {@code path NOT? operator literal(s)}, or {@code EXISTS path}. The constructor
   * refuses combinations the grammar forbids (ordering a boolean, LIKE on a number, NOT EXISTS...).
   */
  record Comparison(ObjectPath path, Operator operator, boolean negated, List<Literal> values)
      implements ComparisonExpression {
    public Comparison {
      requireNonNull(path, "path");
      requireNonNull(operator, "operator");
      values = List.copyOf(values);
      switch (operator) {
        case EXISTS -> {
          if (negated || !values.isEmpty()) {
            throw new IllegalArgumentException("EXISTS takes no literal and no NOT");
          }
        }
        case IN -> {
          if (values.isEmpty()) {
            throw new IllegalArgumentException("IN needs at least one literal");
          }
        }
        case EQ, NE -> single(values);
        case GT, LT, GE, LE -> {
          if (single(values) instanceof Literal.BooleanLiteral) {
            throw new IllegalArgumentException(operator.symbol() + " cannot order a boolean");
          }
        }
        case LIKE, MATCHES, ISSUBSET, ISSUPERSET -> {
          if (!(single(values) instanceof Literal.StringLiteral)) {
            throw new IllegalArgumentException(operator.symbol() + " needs a string literal");
          }
        }
      }
    }

    private static Literal single(List<Literal> values) {
      if (values.size() != 1) {
        throw new IllegalArgumentException("this operator takes exactly one literal");
      }
      return values.get(0);
    }

    /** The object type the comparison reads, e.g. {@code file}. */
    public String objectType() {
      return path.objectType();
    }

    /** The single literal of every operator except IN and EXISTS. */
    public Literal value() {
      return values.get(0);
    }
  }
}
