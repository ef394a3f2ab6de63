package org.wuzhen.stix;

/**
 * Input that is not acceptable JSON: malformed text, invalid UTF-8, duplicate member names, or
 * nesting and sizes beyond the reader's limits. The message starts with {@code line L, col C}.
 */
public final class JsonSyntaxException extends StixFormatException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final long column;

  public JsonSyntaxException(long line, long column, String problem) {
    super("line " + line + ", col " + column + ": " + problem);
    this.line = line;
    this.column = column;
  }

  public long line() {
    return line;
  }

  public long column() {
    return column;
  }
}
