package org.wuzhen.pattern;

/**
 * The one exception family of the pattern module: a pattern that cannot be read, observation data
 * that cannot be read, or an evaluation that went past its bound.
 */
public abstract sealed class PatternException extends RuntimeException
    permits PatternSyntaxException, PatternLimitException, ObservationDataException {
  private static final long serialVersionUID = 1L;

  PatternException(String message) {
    super(message);
  }
}
