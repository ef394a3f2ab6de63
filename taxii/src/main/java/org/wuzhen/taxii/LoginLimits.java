package org.wuzhen.taxii;

import java.time.Duration;

/**
 * How password logins are bounded (docs/taxii.md, "Login limits"): at most {@code concurrent}
 * Argon2id verifications at once, each other one waiting at most {@code maxWait} for its turn (then
 * 503), and token buckets of failed logins per client address and per user name (then 429), each
 * holding up to its {@code failures} and refilled by {@code refillPerMinute}. Bearer tokens, client
 * certificates and logins already verified (the login cache) pass none of these.
 *
 * @param concurrent password verifications that may run at once
 * @param maxWait how long a login waits for a verification slot before 503
 * @param addressFailures failed logins one client address may make in a burst
 * @param addressRefillPerMinute failed logins one address regains per minute
 * @param accountFailures failed logins against one user name in a burst
 * @param accountRefillPerMinute failed logins one user name regains per minute
 */
public record LoginLimits(
    int concurrent,
    Duration maxWait,
    int addressFailures,
    int addressRefillPerMinute,
    int accountFailures,
    int accountRefillPerMinute) {

  /**
   * Safe defaults for a small node: two verifications at once (about 45 ms each on a 2-core
   * machine, so at most one core's worth), a login waits up to 500 ms, 20 failures per address and
   * 10 per user name in a burst, regained at 10 and 5 a minute.
   */
  public static final LoginLimits DEFAULTS =
      new LoginLimits(2, Duration.ofMillis(500), 20, 10, 10, 5);

  public LoginLimits {
    java.util.Objects.requireNonNull(maxWait, "login.max_wait_ms");
    range("login.concurrent_verifications", concurrent, 1, 256);
    if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(30)) > 0) {
      throw invalid("login.max_wait_ms", "must be 0..30000 ms, was " + maxWait.toMillis());
    }
    range("login.address_failures", addressFailures, 1, 1_000_000);
    range("login.address_refill_per_minute", addressRefillPerMinute, 1, 1_000_000);
    range("login.account_failures", accountFailures, 1, 1_000_000);
    range("login.account_refill_per_minute", accountRefillPerMinute, 1, 1_000_000);
  }

  private static void range(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(setting, "must be " + min + ".." + max + ", was " + value);
    }
  }

  private static IllegalArgumentException invalid(String setting, String problem) {
    return new IllegalArgumentException("config " + setting + ": " + problem);
  }
}
