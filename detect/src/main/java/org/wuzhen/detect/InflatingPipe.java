package org.wuzhen.detect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * An input read, and gunzipped when it starts with the gzip magic bytes (1f 8b; concatenated
 * members included), on a thread of its own, so that decompression overlaps the matching done by
 * the thread that reads this stream. Chunks of at most {@link #CHUNK} bytes pass through a queue of
 * {@link #DEPTH}; an exception of the reading thread (a truncated gzip stream) is thrown here, in
 * order, after the bytes read before it. Closing stops the thread. One reader.
 */
final class InflatingPipe extends InputStream {
  static final int CHUNK = 1 << 18;
  static final int DEPTH = 8;

  private sealed interface Item {}

  private record Bytes(byte[] bytes, int length) implements Item {}

  private record Failure(IOException exception) implements Item {}

  private record End() implements Item {}

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
  private final Thread producer;
  private Item current;
  private int offset;
  private boolean done;

  private InflatingPipe(InputStream raw, String name) {
    producer =
        Thread.ofPlatform().daemon().name("wuzhen-detect-read-" + name).start(() -> produce(raw));
  }

  /** Starts reading {@code raw} (not closed here: the caller owns it) on its own thread. */
  static InflatingPipe start(InputStream raw, String name) {
    return new InflatingPipe(raw, name);
  }

  /** Whether a stream starts with the gzip magic bytes; reset to where it was. */
  static InputStream maybeGunzip(BufferedInputStream buffered) throws IOException {
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 65536) : buffered;
  }

  private byte[] spare;

  private byte[] chunk() {
    if (spare == null) {
      spare = new byte[CHUNK];
    }
    return spare;
  }

  private void produce(InputStream raw) {
    try {
      try {
        InputStream in = maybeGunzip(new BufferedInputStream(raw, 65536));
        // One read per chunk, not a full one: a followed file hands on what it has at once.
        for (int n; (n = in.read(chunk(), 0, CHUNK)) >= 0; ) {
          if (n > 0) {
            queue.put(new Bytes(spare, n));
            spare = null;
          }
        }
        queue.put(new End());
      } catch (IOException e) {
        queue.put(new Failure(e));
      }
    } catch (InterruptedException e) {
      // closed by the reader: nobody waits for the rest
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done && (current == null || current instanceof Bytes c && offset == c.length())) {
      try {
        current = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading");
      }
      offset = 0;
      switch (current) {
        case Bytes c -> {}
        case Failure f -> {
          done = true;
          throw f.exception();
        }
        case End e -> done = true;
      }
    }
    if (done) {
      return -1;
    }
    Bytes c = (Bytes) current;
    int n = Math.min(len, c.length() - offset);
    System.arraycopy(c.bytes(), offset, b, off, n);
    offset += n;
    return n;
  }

  @Override
  public void close() {
    producer.interrupt();
  }
}
