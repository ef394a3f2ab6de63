package org.wuzhen.taxii;

/**
 * A token bucket of failed logins: holds up to {@code capacity} tokens, regains {@code
 * refillPerMinute} a minute, and a login takes one before its password is checked (a successful
 * login gives it back). Thread-safe (synchronized; held for a few arithmetic operations).
 */
final class TokenBucket {
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final int capacity;
  private final long nanosPerToken;
  private double tokens;
  private long updatedNanos;

  /** How long an untouched bucket takes to fill up from empty, so when it may be forgotten. */
  static java.time.Duration fillTime(int capacity, int refillPerMinute) {
    return java.time.Duration.ofNanos(capacity * (NANOS_PER_MINUTE / refillPerMinute));
  }

  TokenBucket(int capacity, int refillPerMinute, long nowNanos) {
    this.capacity = capacity;
    this.nanosPerToken = NANOS_PER_MINUTE / refillPerMinute;
    this.tokens = capacity;
    this.updatedNanos = nowNanos;
  }

  /** Takes a token; false when the bucket is empty. */
  synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Gives back a token taken for a login that succeeded or was never checked. */
  synchronized void giveBack() {
    tokens = Math.min(capacity, tokens + 1);
  }

  /** Whole seconds until a token is there again (at least 1), for {@code Retry-After}. */
  synchronized long secondsUntilToken(long nowNanos) {
    refill(nowNanos);
    double missing = Math.max(0, 1 - tokens);
    return Math.max(1, (long) Math.ceil(missing * nanosPerToken / 1e9));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
      updatedNanos = nowNanos;
    }
  }
}
