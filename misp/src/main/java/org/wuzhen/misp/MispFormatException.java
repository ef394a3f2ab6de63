package org.wuzhen.misp;

/**
 * MISP input that cannot be read: malformed JSON (the message starts with the line and column), or
 * an event missing what no repair can supply (the message names its JSON path).
 */
public final class MispFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MispFormatException(String message) {
    super(message);
  }
}
