package org.wuzhen.node;

/** The exit codes every wuzhen command uses, as its help text documents them. */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int UNREADABLE = 2;
  static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
