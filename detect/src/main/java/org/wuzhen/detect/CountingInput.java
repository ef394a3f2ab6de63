package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Adds the bytes read to a counter, for progress and the summary. */
final class CountingInput extends FilterInputStream {
  private final AtomicLong count;

  CountingInput(InputStream in, AtomicLong count) {
    super(requireNonNull(in, "in"));
    this.count = requireNonNull(count, "count");
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count.incrementAndGet();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count.addAndGet(n);
    }
    return n;
  }
}
