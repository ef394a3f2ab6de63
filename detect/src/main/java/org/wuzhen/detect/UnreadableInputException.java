package org.wuzhen.detect;

/**
 * An indicator source or a telemetry input that cannot be read. The message names the source or
 * input and says why, in words for the user, ready to be shown as it is.
 */
public final class UnreadableInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnreadableInputException(String message) {
    super(message);
  }
}
