package org.wuzhen.loadgen;

/** The exit codes of wuzhen-loadgen, the same as the wuzhen command's. */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int UNREADABLE = 2;
  static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
