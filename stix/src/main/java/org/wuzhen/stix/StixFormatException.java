package org.wuzhen.stix;

/** Input that cannot be read as STIX at all; the message says what and where. */
public class StixFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StixFormatException(String message) {
    super(message);
  }
}
