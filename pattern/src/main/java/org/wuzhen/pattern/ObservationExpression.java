package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An observation expression (STIX 2.1 §9.5, §9.6): a bracketed comparison expression, observation
 * expressions joined by AND, OR or FOLLOWEDBY, or one carrying a qualifier. Chains of one operator
 * are kept flat and left-to-right; explicit parentheses nest.
 */
public sealed interface ObservationExpression {

  /** {@code [ comparison-expression ]}: satisfied by one observed-data object. */
  record Observation(ComparisonExpression comparison) implements ObservationExpression {
    public Observation {
      requireNonNull(comparison, "comparison");
    }
  }

  /** Every operand holds, each on distinct observations. */
  record And(List<ObservationExpression> operands) implements ObservationExpression {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("AND needs two or more operands");
      }
    }
  }

  /** Some operand holds. */
  record Or(List<ObservationExpression> operands) implements ObservationExpression {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("OR needs two or more operands");
      }
    }
  }

  /** Every operand holds on distinct observations, each operand's no later than the next one's. */
  record FollowedBy(List<ObservationExpression> operands) implements ObservationExpression {
    public FollowedBy {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("FOLLOWEDBY needs two or more operands");
      }
    }
  }

  /** An expression restricted by a qualifier; several qualifiers nest, innermost first. */
  record Qualified(ObservationExpression expression, Qualifier qualifier)
      implements ObservationExpression {
    public Qualified {
      requireNonNull(expression, "expression");
      requireNonNull(qualifier, "qualifier");
    }
  }
}
