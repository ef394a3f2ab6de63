package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's named readiness checks, run together with a deadline (a database that does not answer
 * makes its check fail, not the probe hang). A verdict is reused for {@link #REUSE}, so probes
 * cannot turn into load on the store. Changes of verdict are logged with the reasons. Thread-safe.
 */
final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final Duration REUSE = Duration.ofSeconds(1);

  /** The outcome of one round of checks: the unmet checks' names and reasons. */
  record Verdict(Map<String, String> problems, long atNanos) {
    boolean ready() {
      return problems.isEmpty();
    }
  }

  private final Map<String, ReadinessCheck> checks;
  private Verdict last;

  Readiness(Map<String, ReadinessCheck> checks) {
    this.checks = new LinkedHashMap<>(requireNonNull(checks, "checks"));
  }

  synchronized Verdict verdict() {
    long now = System.nanoTime();
    if (last != null && now - last.atNanos() < REUSE.toNanos()) {
      return last;
    }
    Verdict verdict = new Verdict(runChecks(), now);
    if (last == null ? !verdict.ready() : last.ready() != verdict.ready()) {
      if (verdict.ready()) {
        LOG.info("ready: every readiness check passes");
      } else {
        LOG.warn("not ready: {}", verdict.problems());
      }
    } else if (!verdict.ready() && !verdict.problems().equals(last.problems())) {
      LOG.warn("still not ready: {}", verdict.problems());
    }
    last = verdict;
    return verdict;
  }

  private Map<String, String> runChecks() {
    Map<String, String> problems = new LinkedHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Map.Entry<String, Future<Optional<String>>>> running = new ArrayList<>();
      for (Map.Entry<String, ReadinessCheck> check : checks.entrySet()) {
        running.add(Map.entry(check.getKey(), threads.submit(check.getValue()::problem)));
      }
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      for (Map.Entry<String, Future<Optional<String>>> r : running) {
        try {
          r.getValue()
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
              .ifPresent(problem -> problems.put(r.getKey(), problem));
        } catch (TimeoutException e) {
          problems.put(r.getKey(), "no answer within " + DEADLINE.toMillis() + " ms");
          r.getValue().cancel(true);
        } catch (ExecutionException e) {
          problems.put(r.getKey(), "the check failed: " + e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          problems.put(r.getKey(), "interrupted");
        }
      }
      threads.shutdownNow();
    }
    return java.util.Collections.unmodifiableMap(problems);
  }
}
