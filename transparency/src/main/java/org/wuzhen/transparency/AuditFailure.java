package org.wuzhen.transparency;

/** An audit found the node inconsistent, or could not check it; the message says precisely what. */
public final class AuditFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public AuditFailure(String message) {
    super(message);
  }

  public AuditFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
