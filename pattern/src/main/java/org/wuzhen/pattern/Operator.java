package org.wuzhen.pattern;

/**
 * A comparison operator (STIX 2.1 §9.3). {@code ==} reads as {@link #EQ}, {@code <>} as {@link
 * #NE}.
 */
public enum Operator {
  EQ("="),
  NE("!="),
  GT(">"),
  LT("<"),
  GE(">="),
  LE("<="),
  IN("IN"),
  LIKE("LIKE"),
  MATCHES("MATCHES"),
  ISSUBSET("ISSUBSET"),
  ISSUPERSET("ISSUPERSET"),
  EXISTS("EXISTS");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical spelling. */
  public String symbol() {
    return symbol;
  }

  /** True for the ordering operators {@code > < >= <=}. */
  public boolean isOrdering() {
    return this == GT || this == LT || this == GE || this == LE;
  }

  /** True for the operators that take exactly one string literal. */
  public boolean needsString() {
    return this == LIKE || this == MATCHES || this == ISSUBSET || this == ISSUPERSET;
  }
}
