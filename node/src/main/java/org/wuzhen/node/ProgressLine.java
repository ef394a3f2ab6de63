package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A command's progress line on a terminal's stderr, rewritten in place every half second while the
 * work runs ({@code wuzhen detect}, {@code wuzhen misp import}); nothing when disabled (not a
 * terminal, or {@code --quiet}). Confined to the command's thread; the line is drawn by a thread of
 * its own from counts the work keeps thread-safe.
 */
final class ProgressLine {
  private final PrintWriter err;
  private final boolean enabled;
  private final Function<Duration, String> line;
  private Thread thread;

  /**
   * @param line the text for the time elapsed since {@link #start()}
   */
  ProgressLine(PrintWriter err, boolean enabled, Function<Duration, String> line) {
    this.err = requireNonNull(err, "err");
    this.enabled = enabled;
    this.line = requireNonNull(line, "line");
  }

  /** Whether a progress line belongs on this process's stderr: a terminal, and not quiet. */
  static boolean wanted(boolean quiet) {
    return !quiet && System.console() != null;
  }

  /** Per second over the span, never dividing by less than a millisecond. */
  static double rate(long count, Duration elapsed) {
    return count / (Math.max(1, elapsed.toMillis()) / 1000.0);
  }

  void start() {
    if (!enabled) {
      return;
    }
    Instant start = Instant.now();
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("wuzhen-progress")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      return;
                    }
                    err.print("\r" + line.apply(Duration.between(start, Instant.now())) + "   ");
                    err.flush();
                  }
                });
  }

  /** Stops drawing and returns the cursor to the line's start, for what is printed next. */
  void stop() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      err.print("\r");
      err.flush();
      thread = null;
    }
  }
}
