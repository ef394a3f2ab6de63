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

  /**
   * Throws the cause of a failed task as the task threw it: this exception, an unchecked exception
   * or an error as it is, anything else wrapped (a task of this module throws nothing else).
   */
  static UnreadableInputException rethrow(java.util.concurrent.ExecutionException failed)
      throws UnreadableInputException {
    switch (failed.getCause()) {
      case UnreadableInputException u -> throw u;
      case RuntimeException r -> throw r;
      case Error r -> throw r;
      default -> throw new IllegalStateException(failed.getCause());
    }
  }
}
