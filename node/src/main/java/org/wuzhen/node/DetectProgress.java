package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import org.wuzhen.detect.LiveDetection;

/**
 * {@code wuzhen detect}'s progress line on a terminal's stderr: events/s, bytes, matches, every
 * half second while the inputs are read.
 */
final class DetectProgress {
  private final PrintWriter err;
  private final boolean enabled;
  private final Supplier<LiveDetection.Progress> counts;
  private Thread thread; // confined to the command's thread

  DetectProgress(PrintWriter err, boolean enabled, Supplier<LiveDetection.Progress> counts) {
    this.err = requireNonNull(err, "err");
    this.enabled = enabled;
    this.counts = requireNonNull(counts, "counts");
  }

  void start() {
    if (!enabled) {
      return;
    }
    Instant start = Instant.now();
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("wuzhen-detect-progress")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      return;
                    }
                    double s =
                        Math.max(1, Duration.between(start, Instant.now()).toMillis()) / 1000.0;
                    LiveDetection.Progress p = counts.get();
                    err.printf(
                        Locale.ROOT,
                        "\r%,d events (%,.0f/s), %.1f MB, %,d matches   ",
                        p.events(),
                        p.events() / s,
                        p.bytes() / 1e6,
                        p.matches());
                    err.flush();
                  }
                });
  }

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
