package org.wuzhen.pattern;

/** Observed-data that the evaluator cannot read: the message names the object and property. */
final class ObservationDataException extends PatternException {
  private static final long serialVersionUID = 1L;

  public ObservationDataException(String message) {
    super(message);
  }
}
