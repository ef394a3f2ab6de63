package org.wuzhen.pattern;

import java.util.List;

/**
 * What {@link Patterns#match} answers: a match with its binding, no match, or why it could not
 * tell.
 */
public sealed interface MatchOutcome {

  /** The pattern matched; the observed-data ids of one binding, in input order. */
  record Matched(List<String> observedDataIds) implements MatchOutcome {
    public Matched {
      observedDataIds = List.copyOf(observedDataIds);
    }
  }

  record NotMatched() implements MatchOutcome {}

  /** The pattern has errors (syntax, bounds or checker errors); nothing was evaluated. */
  record InvalidPattern(List<Finding> errors) implements MatchOutcome {
    public InvalidPattern {
      errors = List.copyOf(errors);
    }
  }

  /** The bundle could not be read as observed-data. */
  record InvalidObservations(String message) implements MatchOutcome {}

  /** The evaluation passed its combination bound; the answer is unknown. */
  record LimitExceeded(String message) implements MatchOutcome {}
}
