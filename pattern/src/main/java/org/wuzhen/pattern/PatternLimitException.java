package org.wuzhen.pattern;

/**
 * The evaluator explored more observation combinations than {@link EvaluationLimits} allow; the
 * answer is unknown. Raised so that a hostile pattern cannot hang a node.
 */
public final class PatternLimitException extends PatternException {
  private static final long serialVersionUID = 1L;

  public PatternLimitException(String message) {
    super(message);
  }
}
