package org.wuzhen.federation;

/**
 * Pulling from a peer failed as a whole (unreachable, timed out, 4xx/5xx, not a TAXII envelope, a
 * page over the size bound). The poll stops, the cursor stays, and the peer is retried with
 * backoff. Single bad objects are not this: they are skipped and counted.
 */
final class PullException extends Exception {
  private static final long serialVersionUID = 1L;

  PullException(String message) {
    super(message);
  }

  PullException(String message, Throwable cause) {
    super(message, cause);
  }
}
