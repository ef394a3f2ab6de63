package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what password logins may cost the node (docs/taxii.md, "Login limits"). Each Argon2id
 * verification costs 40-50 ms of a core on purpose, so unbounded wrong passwords from anyone starve
 * every other request. Before a password is checked, the login takes a token from its client
 * address's bucket and from its user name's (429 with {@code Retry-After} when either is empty);
 * then it waits briefly for one of a few verification slots (503 with {@code Retry-After} when none
 * frees up). A login that succeeds gives its tokens back, so only failures spend the budgets.
 * Failures are logged with the address and user name, never the password. Thread-safe.
 */
final class LoginGuard {
  /** Why a login was refused before its password was checked (a metric's label). */
  enum Throttle {
    /** 429: the client address's failure budget is spent. */
    ADDRESS("address"),
    /** 429: the user name's failure budget is spent. */
    ACCOUNT("account"),
    /** 503: no verification slot freed up in time. */
    BUSY("busy");

    final String label;

    Throttle(String label) {
      this.label = label;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

  /** Buckets remembered per kind: beyond this, the least recently used are forgotten. */
  private static final int MAX_BUCKETS = 100_000;

  private final LoginLimits limits;
  private final Semaphore slots;
  private final Cache<String, TokenBucket> addresses;
  private final Cache<String, TokenBucket> accounts;
  private final LongSupplier nanoTime;
  private final Consumer<Throttle> throttled;

  /**
   * @param throttled told of every login refused by the limits (it runs on the request's thread)
   */
  LoginGuard(LoginLimits limits, Consumer<Throttle> throttled) {
    this(limits, System::nanoTime, throttled);
  }

  LoginGuard(LoginLimits limits, LongSupplier nanoTime, Consumer<Throttle> throttled) {
    this.limits = requireNonNull(limits, "limits");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.throttled = requireNonNull(throttled, "throttled");
    // Fair: a login that waited longest gets the next slot.
    this.slots = new Semaphore(limits.concurrent(), true);
    // An untouched bucket is full again after its fill time, so forgetting it then loses nothing.
    this.addresses =
        Caffeine.newBuilder()
            .maximumSize(MAX_BUCKETS)
            .expireAfterAccess(
                TokenBucket.fillTime(limits.addressFailures(), limits.addressRefillPerMinute()))
            .build();
    this.accounts =
        Caffeine.newBuilder()
            .maximumSize(MAX_BUCKETS)
            .expireAfterAccess(
                TokenBucket.fillTime(limits.accountFailures(), limits.accountRefillPerMinute()))
            .build();
  }

  /**
   * Checks a password under the limits.
   *
   * @param address the client's address
   * @param user the user name the login gives (existing or not)
   * @param verification the Argon2id check; true when the password is right
   * @return whether the password was right
   * @throws TaxiiError 429 when a failure budget is spent, 503 when no slot freed up in time
   */
  boolean verify(String address, String user, BooleanSupplier verification) {
    long now = nanoTime.getAsLong();
    TokenBucket byAddress =
        addresses.get(
            address,
            a -> new TokenBucket(limits.addressFailures(), limits.addressRefillPerMinute(), now));
    TokenBucket byAccount =
        accounts.get(
            user,
            u -> new TokenBucket(limits.accountFailures(), limits.accountRefillPerMinute(), now));
    if (!byAddress.tryTake(now)) {
      throttled.accept(Throttle.ADDRESS);
      throw tooMany(
          "too many failed logins from your address " + address, byAddress.secondsUntilToken(now));
    }
    if (!byAccount.tryTake(now)) {
      byAddress.giveBack();
      throttled.accept(Throttle.ACCOUNT);
      throw tooMany(
          "too many failed logins for user '" + user + "'", byAccount.secondsUntilToken(now));
    }
    boolean right;
    try {
      if (!slots.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
        byAddress.giveBack();
        byAccount.giveBack();
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      byAddress.giveBack();
      byAccount.giveBack();
      throw busy();
    }
    try {
      right = verification.getAsBoolean();
    } finally {
      slots.release();
    }
    if (right) {
      byAddress.giveBack();
      byAccount.giveBack();
    } else {
      LOG.warn("failed login for user '{}' from {}", user, address);
    }
    return right;
  }

  private static TaxiiError tooMany(String what, long retryAfterSeconds) {
    return TaxiiError.tooManyRequests(
        what
            + "; password logins are refused for about "
            + retryAfterSeconds
            + " s (API tokens and logins already verified still work)",
        retryAfterSeconds);
  }

  private TaxiiError busy() {
    throttled.accept(Throttle.BUSY);
    return TaxiiError.unavailable(
        "the node is busy checking other passwords; retry in a second, or use an API token", 1);
  }
}
