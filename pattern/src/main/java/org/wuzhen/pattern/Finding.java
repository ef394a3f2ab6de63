package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

/**
 * One problem the checker found, at a 1-based column of the pattern (0 when unknown). Printed as
 * {@code col 5: ...}.
 */
public record Finding(Severity severity, int column, String message) {

  /** ERROR: the pattern is refused. WARNING: it runs, but probably not as meant. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public Finding {
    requireNonNull(severity, "severity");
    requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return (column > 0 ? "col " + column + ": " : "") + message;
  }
}
