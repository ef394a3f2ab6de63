package org.wuzhen.pattern;

/**
 * A pattern that is not valid STIX 2.1 patterning syntax, or that exceeds a size bound. The message
 * starts with the 1-based column: {@code col 23: expected ']', AND or OR, found 'AN'}.
 */
public final class PatternSyntaxException extends PatternException {
  private static final long serialVersionUID = 1L;

  private final int column;
  private final String problem;

  public PatternSyntaxException(int column, String problem) {
    super("col " + column + ": " + problem);
    this.column = column;
    this.problem = problem;
  }

  /** The 1-based column (UTF-16 unit) where the problem was found. */
  public int column() {
    return column;
  }

  /** The message without its column prefix. */
  public String problem() {
    return problem;
  }
}
