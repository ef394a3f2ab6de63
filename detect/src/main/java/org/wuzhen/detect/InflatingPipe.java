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
 * {@link #DEPTH}, and each chunk read is handed back to the inflating thread to be filled again (at
 * most {@code DEPTH + 2} chunks are ever made: fresh heap is slow on the VMs measured); an
 * exception of the reading thread (a truncated gzip stream) is thrown here, in order, after the
 * bytes read before it. Closing stops the thread. One reader.
 */
final class InflatingPipe extends InputStream {
  static final int CHUNK = 1 << 18;
  static final int DEPTH = 8;

  private sealed interface Item {}

  private record Bytes(byte[] bytes, int length) implements Item {}

  private record Failure(IOException exception) implements Item {}

  private record End() implements Item {}

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);

  /** Chunks read to their end, for the inflating thread to fill again. */
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 2);

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

  private void produce(InputStream raw) {
    try {
      try {
        InputStream in = maybeGunzip(new BufferedInputStream(raw, 65536));
        byte[] chunk = new byte[CHUNK];
        // One read per chunk, not a full one: a followed file hands on what it has at once.
        for (int n; (n = in.read(chunk, 0, CHUNK)) >= 0; ) {
          if (n > 0) {
            queue.put(new Bytes(chunk, n));
            byte[] used = free.poll();
            chunk = used != null ? used : new byte[CHUNK];
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
    if (!hasUnread()) {
      return -1;
    }
    Bytes c = (Bytes) current;
    return c.bytes()[offset++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!hasUnread()) {
      return -1;
    }
    Bytes c = (Bytes) current;
    int n = Math.min(len, c.length() - offset);
    System.arraycopy(c.bytes(), offset, b, off, n);
    offset += n;
    return n;
  }

  /**
   * Whether {@link #current} holds unread bytes, taking the next item when it does not (and handing
   * the chunk read to its end back); false at the end. Throws the inflating thread's exception.
   */
  private boolean hasUnread() throws IOException {
    while (!done && (current == null || current instanceof Bytes c && offset == c.length())) {
      if (current instanceof Bytes c) {
        free.offer(c.bytes()); // read to its end: the inflating thread may fill it again
        current = null;
      }
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
    return !done;
  }

  @Override
  public void close() {
    producer.interrupt();
  }
}
