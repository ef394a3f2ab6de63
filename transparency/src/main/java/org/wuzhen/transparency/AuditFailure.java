package org.wuzhen.transparency;

/**
 * An audit found the node inconsistent, or could not check it; the message says precisely what.
 * {@link #inconsistency()} tells a proven inconsistency (the node's own signed statements
 * contradict each other) from a failure to check (unreachable, refused, malformed answers).
 */
public final class AuditFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private enum Kind {
    OTHER,
    UNREACHABLE,
    REFUSED,
    INCONSISTENT
  }

  private final Kind kind;

  public AuditFailure(String message) {
    this(message, null, Kind.OTHER);
  }

  public AuditFailure(String message, Throwable cause) {
    this(message, cause, Kind.OTHER);
  }

  private AuditFailure(String message, Throwable cause, Kind kind) {
    super(message, cause);
    this.kind = kind;
  }

  /** The node could not be asked at all (or failed on its side): nothing was found inconsistent. */
  static AuditFailure unreachable(String message, Throwable cause) {
    return new AuditFailure(message, cause, Kind.UNREACHABLE);
  }

  /** The node answered a request with a client error (HTTP 4xx). */
  static AuditFailure refused(String message) {
    return new AuditFailure(message, null, Kind.REFUSED);
  }

  /** The node's signed heads contradict each other, or it refused to prove they do not. */
  static AuditFailure inconsistent(String message) {
    return new AuditFailure(message, null, Kind.INCONSISTENT);
  }

  public boolean nodeUnreachable() {
    return kind == Kind.UNREACHABLE;
  }

  boolean nodeRefused() {
    return kind == Kind.REFUSED;
  }

  /** True when the node was proven inconsistent, not merely impossible to check. */
  public boolean inconsistency() {
    return kind == Kind.INCONSISTENT;
  }
}
