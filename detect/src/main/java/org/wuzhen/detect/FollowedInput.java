package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A growing file, read like {@code tail -f}: at its end, waits for more until {@code stopped} says
 * so, then ends there. An interrupt also ends it (and stays set).
 */
final class FollowedInput extends FilterInputStream {
  /** How long to wait at the end before looking for more. */
  static final Duration PAUSE = Duration.ofMillis(200);

  private final BooleanSupplier stopped;

  FollowedInput(InputStream in, BooleanSupplier stopped) {
    super(requireNonNull(in, "in"));
    this.stopped = requireNonNull(stopped, "stopped");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      int n = super.read(b, off, len);
      // Asked for stop: what the file holds now has just been read, so the run ends complete.
      if (n != -1 || stopped.getAsBoolean()) {
        return n;
      }
      try {
        Thread.sleep(PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }
}
