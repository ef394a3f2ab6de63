package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The login limits on a clock the test moves: budgets, their refill, and the slots. */
class LoginGuardTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private LoginGuard guard(LoginLimits limits) {
    return new LoginGuard(limits, now::get, t -> {});
  }

  private static TaxiiError refusal(Runnable login) {
    try {
      login.run();
    } catch (TaxiiError e) {
      return e;
    }
    throw new AssertionError("the login was not refused");
  }

  @Test
  void failuresBeyondTheAddressBudgetAre429UntilItRefills() {
    LoginGuard guard = guard(new LoginLimits(2, Duration.ZERO, 3, 6, 100, 100));
    for (int i = 0; i < 3; i++) {
      assertThat(guard.verify("192.0.2.1", "user" + i, () -> false)).isFalse();
    }
    TaxiiError e = refusal(() -> guard.verify("192.0.2.1", "other", () -> true));
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.description()).contains("192.0.2.1").doesNotContain("password=");
    // Six a minute: one every 10 s.
    assertThat(e.headers()).containsEntry("Retry-After", "10");
    // Another address is not affected.
    assertThat(guard.verify("192.0.2.2", "other", () -> true)).isTrue();
    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    assertThat(guard.verify("192.0.2.1", "other", () -> true)).isTrue();
  }

  @Test
  void failuresAgainstOneAccountFromManyAddressesSpendItsBudget() {
    LoginGuard guard = guard(new LoginLimits(2, Duration.ZERO, 100, 100, 2, 1));
    guard.verify("192.0.2.1", "victim", () -> false);
    guard.verify("192.0.2.2", "victim", () -> false);
    TaxiiError e = refusal(() -> guard.verify("192.0.2.3", "victim", () -> true));
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.description()).contains("user 'victim'");
    assertThat(e.headers()).containsEntry("Retry-After", "60");
    // The refused login took nothing from its address.
    for (int i = 0; i < 100; i++) {
      assertThat(guard.verify("192.0.2.3", "someone", () -> true)).isTrue();
    }
  }

  @Test
  void successfulLoginsSpendNoBudget() {
    LoginGuard guard = guard(new LoginLimits(1, Duration.ZERO, 1, 1, 1, 1));
    for (int i = 0; i < 1000; i++) {
      assertThat(guard.verify("192.0.2.1", "alice", () -> true)).isTrue();
    }
  }

  @Test
  void aLoginFindingNoFreeSlotInTimeIs503AndSpendsNothing() throws Exception {
    LoginGuard guard = guard(new LoginLimits(1, Duration.ZERO, 1, 1, 1, 1));
    CountDownLatch verifying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> slow =
          pool.submit(
              () ->
                  guard.verify(
                      "192.0.2.1",
                      "slow",
                      () -> {
                        verifying.countDown();
                        try {
                          return release.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      }));
      verifying.await();
      TaxiiError e = refusal(() -> guard.verify("192.0.2.2", "quick", () -> true));
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.headers()).containsEntry("Retry-After", "1");
      release.countDown();
      assertThat(slow.get()).isTrue();
    }
    // The 503 gave back what it took: a budget of one still allows a failure.
    assertThat(guard.verify("192.0.2.2", "quick", () -> false)).isFalse();
  }

  @Test
  void limitsOutOfRangeNameTheSetting() {
    assertThatThrownBy(() -> new LoginLimits(0, Duration.ZERO, 1, 1, 1, 1))
        .hasMessage("config login.concurrent_verifications: must be 1..256, was 0");
    assertThatThrownBy(() -> new LoginLimits(1, Duration.ofSeconds(31), 1, 1, 1, 1))
        .hasMessage("config login.max_wait_ms: must be 0..30000 ms, was 31000");
    assertThatThrownBy(() -> new LoginLimits(1, Duration.ZERO, 1, 0, 1, 1))
        .hasMessage("config login.address_refill_per_minute: must be 1..1000000, was 0");
  }
}
