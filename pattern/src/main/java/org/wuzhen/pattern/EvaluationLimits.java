package org.wuzhen.pattern;

/**
 * Bounds on one evaluation. {@code maxCombinations} counts every candidate binding the evaluator
 * builds or tests (joins for AND and FOLLOWEDBY, choices for REPEATS, per-observation tests);
 * passing it raises {@link PatternLimitException}.
 */
public record EvaluationLimits(long maxCombinations) {
  public static final EvaluationLimits DEFAULT = new EvaluationLimits(1_000_000);

  public EvaluationLimits {
    if (maxCombinations < 1) {
      throw new IllegalArgumentException(
          "maxCombinations must be positive, was " + maxCombinations);
    }
  }
}
