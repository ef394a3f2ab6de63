package org.wuzhen.pattern;

import java.util.List;

/**
 * The evaluator's answer: whether the pattern matched and, if so, the ids of the observed-data
 * objects of one binding, in input order. The binding reported is the one whose observations come
 * first in the input (lexicographically smallest list of input positions).
 */
public record MatchResult(boolean matched, List<String> observedDataIds) {
  public static final MatchResult NO_MATCH = new MatchResult(false, List.of());

  public MatchResult {
    observedDataIds = List.copyOf(observedDataIds);
  }
}
