package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The reference evaluator: decides whether a pattern matches a list of observed-data objects, with
 * the complete STIX 2.1 §9 semantics (see docs/patterning.md). Correctness over speed: the
 * detection engine must agree with it on every case. Thread-safe; each call is independent.
 */
public final class PatternEvaluator {
  private final EvaluationLimits limits;

  public PatternEvaluator() {
    this(EvaluationLimits.DEFAULT);
  }

  public PatternEvaluator(EvaluationLimits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  /**
   * Evaluates a pattern.
   *
   * @throws PatternLimitException when the search passes {@link EvaluationLimits#maxCombinations()}
   */
  public MatchResult evaluate(Pattern pattern, List<ObservedData> observations) {
    return new EvaluationRun(pattern.root(), List.copyOf(observations), limits).result();
  }
}
