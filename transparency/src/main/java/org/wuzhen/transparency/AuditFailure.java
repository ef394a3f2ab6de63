package org.wuzhen.transparency;

/** An audit found the node inconsistent, or could not check it; the message says precisely what. */
public final class AuditFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean unreachable;

  public AuditFailure(String message) {
    this(message, null, false);
  }

  public AuditFailure(String message, Throwable cause) {
    this(message, cause, false);
  }

  private AuditFailure(String message, Throwable cause, boolean unreachable) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** The node could not be asked at all: nothing was found inconsistent. */
  static AuditFailure unreachable(String message, Throwable cause) {
    return new AuditFailure(message, cause, true);
  }

  public boolean nodeUnreachable() {
    return unreachable;
  }
}
