package org.wuzhen.detect;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One input read by several threads, with the outcome of one: a thread inflates it (gzip members
 * included) and cuts what it inflates into chunks of whole lines, each numbered by the lines before
 * it; reader threads read and match chunks at once, each with its own line format; the calling
 * thread commits each chunk's matches, counts and bad lines in input order. So the sightings,
 * counts, line numbers and reports are those of a serial read.
 *
 * <p>What a chunk cannot be read alone is read in order, on the calling thread, from where it
 * starts to the end of the input: a line that changes the format's state (a Zeek TSV header, {@link
 * LineReader.LineFormat#changesState}), a line as long as a chunk, and the end of the input (its
 * last line without terminator, a truncated or corrupt member and the lines before it). Only for
 * plans without multi-observation indicators, whose windows need every event in order. Stateless;
 * each call owns its threads.
 */
final class ChunkedReading {
  /** Bytes inflated per chunk; a line this long is read in order. */
  static final int CHUNK = 1 << 19;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private sealed interface Item {}

  /** Whole lines, the last ending with a line feed; {@code linesBefore} in the input. */
  private record Chunk(byte[] bytes, int length, long linesBefore, CompletableFuture<Result> result)
      implements Item {}

  /** Bytes to be read in order, from a line start on. */
  private record Raw(byte[] bytes, int length) implements Item {}

  private record Failure(IOException exception) implements Item {}

  private record End() implements Item {}

  /** A chunk read: its loop, and its matches in order. */
  private record Result(LineReader.Loop loop, List<Match> matches) {}

  private static final Chunk NO_MORE = new Chunk(new byte[0], 0, 0, null);

  private ChunkedReading() {}

  /** What the calling thread reads in order: its line format and where its events go. */
  record Serial(LineReader.LineFormat format, Consumer<Event> sink, LongConsumer unmatched) {}

  /**
   * Reads {@code raw} with {@code readers} reader threads; each chunk's events are counted into
   * {@code eventsCommitted} and its matches given to {@code commit} when it is committed; what is
   * read in order goes through {@code serial} (which counts and commits itself).
   */
  static ReadReport read(
      String name,
      InputStream raw,
      Supplier<LineReader.LineFormat> formats,
      int readers,
      DetectionEngine engine,
      SightingOptions sightings,
      Supplier<Serial> serial,
      Consumer<Match> commit,
      LongConsumer eventsCommitted)
      throws IOException {
    BlockingQueue<Item> pending = new ArrayBlockingQueue<>(2 * readers + 2);
    BlockingQueue<Chunk> work = new LinkedBlockingQueue<>();
    // Buffers of committed chunks, used again: the heap does not grow a chunk at a time.
    BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    // Set once the rest is read in order: readers then leave the chunks they have not started.
    AtomicBoolean abandoned = new AtomicBoolean();
    Thread splitter =
        Thread.ofPlatform()
            .daemon()
            .name("wuzhen-detect-inflate-" + name)
            .start(() -> split(raw, pending, work, free));
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("wuzhen-detect-lines-" + i)
              .start(() -> readChunks(name, formats.get(), engine, sightings, work, abandoned)));
    }
    try {
      LineReader.Loop total = new LineReader.Loop(name, formats.get(), e -> {}, n -> {}, 0);
      while (true) {
        Item item = take(pending);
        switch (item) {
          case Chunk c -> {
            Result r = result(c);
            total.add(r.loop());
            eventsCommitted.accept(r.loop().events());
            r.matches().forEach(commit);
            if (r.loop().stoppedAt() >= 0) {
              int from = (int) r.loop().stoppedAt();
              abandoned.set(true);
              inOrder(name, c.bytes(), from, c.length() - from, pending, serial, total);
              return total.report();
            }
            free.offer(c.bytes()); // read and committed: the inflating thread may fill it again
          }
          case Raw r -> {
            abandoned.set(true);
            inOrder(name, r.bytes(), 0, r.length(), pending, serial, total);
            return total.report();
          }
          case Failure f -> throw f.exception();
          case End e -> {
            return total.report();
          }
        }
      }
    } finally {
      splitter.interrupt();
      for (int i = 0; i < readers; i++) {
        work.add(NO_MORE);
      }
    }
  }

  /** Reads the rest of the input in order on this thread, from {@code bytes[from]} on. */
  private static void inOrder(
      String name,
      byte[] bytes,
      int from,
      int length,
      BlockingQueue<Item> pending,
      Supplier<Serial> serial,
      LineReader.Loop total)
      throws IOException {
    Serial s = serial.get();
    LineReader.Loop rest =
        new LineReader.Loop(name, s.format(), s.sink(), s.unmatched(), total.lineNumber());
    rest.run(new ByteLines(new Rest(bytes, from, length, pending)), false);
    total.add(rest);
  }

  /** The bytes of the items still pending, in order: chunks (their reading abandoned) and raw. */
  private static final class Rest extends InputStream {
    private final BlockingQueue<Item> pending;
    private byte[] bytes;
    private int position;
    private int limit;
    private boolean ended;

    Rest(byte[] bytes, int from, int length, BlockingQueue<Item> pending) {
      this.bytes = bytes;
      this.position = from;
      this.limit = from + length;
      this.pending = pending;
    }

    @Override
    public int read() throws IOException {
      return hasUnread() ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!hasUnread()) {
        return -1;
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }

    /**
     * Whether unread bytes are at hand, taking the next pending item when not; false at the end.
     */
    private boolean hasUnread() throws IOException {
      while (position == limit) {
        if (ended) {
          return false;
        }
        switch (take(pending)) {
          case Chunk c -> {
            c.result().cancel(false); // read here instead
            bytes = c.bytes();
            position = 0;
            limit = c.length();
          }
          case Raw r -> {
            bytes = r.bytes();
            position = 0;
            limit = r.length();
          }
          case Failure f -> {
            ended = true;
            throw f.exception();
          }
          case End e -> ended = true;
        }
      }
      return true;
    }
  }

  /** The inflating thread: whole-line chunks, then (from a line start) raw bytes to the end. */
  private static void split(
      InputStream raw,
      BlockingQueue<Item> pending,
      BlockingQueue<Chunk> work,
      BlockingQueue<byte[]> free) {
    byte[] buffer = new byte[CHUNK];
    int length = 0;
    try {
      try {
        InputStream in = InflatingPipe.maybeGunzip(new BufferedInputStream(raw, 1 << 16));
        long lines = 0;
        while (true) {
          int n = in.read(buffer, length, CHUNK - length);
          if (n < 0) {
            if (length > 0) {
              pending.put(new Raw(buffer, length)); // the last lines, perhaps one unterminated
            }
            pending.put(new End());
            return;
          }
          length += n;
          if (length < CHUNK) {
            continue;
          }
          int cut = lastLineFeed(buffer, length);
          if (cut == 0) {
            // A line as long as a chunk: everything from it on is read in order.
            pending.put(new Raw(buffer, length));
            length = 0;
            while ((n = in.read(buffer = new byte[CHUNK], 0, CHUNK)) >= 0) {
              if (n > 0) {
                pending.put(new Raw(buffer, n));
              }
            }
            pending.put(new End());
            return;
          }
          byte[] next = free.poll();
          if (next == null) {
            next = new byte[CHUNK];
          }
          System.arraycopy(buffer, cut, next, 0, length - cut);
          Chunk chunk = new Chunk(buffer, cut, lines, new CompletableFuture<>());
          lines += lineCount(buffer, cut);
          pending.put(chunk);
          work.put(chunk);
          buffer = next;
          length -= cut;
        }
      } catch (IOException e) {
        // What came before the failure is read in order, then the failure is reported in place.
        pending.put(new Raw(buffer, length));
        pending.put(new Failure(e));
      }
    } catch (InterruptedException e) {
      // the reading is over: nobody takes the rest
    }
  }

  /** One past the last line feed of {@code bytes[0, length)}, or 0 when there is none. */
  static int lastLineFeed(byte[] bytes, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * The lines {@link ByteLines} finds in {@code bytes[0, length)}, which ends with a line feed: one
   * per {@code \n}, and one per {@code \r} not followed by {@code \n}.
   */
  static long lineCount(byte[] bytes, int length) {
    long feeds = 0;
    long returns = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      feeds += zeroBytes(word ^ 0x0A0A0A0A0A0A0A0AL);
      returns |= zeroBytes(word ^ 0x0D0D0D0D0D0D0D0DL);
    }
    for (; i < length; i++) {
      feeds += bytes[i] == '\n' ? 1 : 0;
      returns |= bytes[i] == '\r' ? 1 : 0;
    }
    if (returns == 0) {
      return feeds;
    }
    long lines = 0;
    for (int k = 0; k < length; k++) {
      if (bytes[k] == '\n' || (bytes[k] == '\r' && (k + 1 == length || bytes[k + 1] != '\n'))) {
        lines++;
      }
    }
    return lines;
  }

  /** How many of the 8 bytes of {@code word} are zero (exact: no carries between bytes). */
  private static int zeroBytes(long word) {
    long low7 = 0x7F7F7F7F7F7F7F7FL;
    long y = (word & low7) + low7;
    return Long.bitCount(~(y | word | low7));
  }

  /** A reader thread: reads chunks until told there are no more. */
  private static void readChunks(
      String name,
      LineReader.LineFormat format,
      DetectionEngine engine,
      SightingOptions sightings,
      BlockingQueue<Chunk> work,
      AtomicBoolean abandoned) {
    List<Match> matches = new ArrayList<>();
    PlanMatching sink = new PlanMatching(engine, sightings, () -> {}, matches::addAll);
    try {
      for (Chunk c = work.take(); c != NO_MORE; c = work.take()) {
        if (abandoned.get() || c.result().isDone()) {
          continue; // read in order instead
        }
        try {
          LineReader.Loop loop = new LineReader.Loop(name, format, sink, n -> {}, c.linesBefore());
          matches.clear();
          loop.run(new ByteLines(new ByteArrayInputStream(c.bytes(), 0, c.length())), true);
          c.result().complete(new Result(loop, List.copyOf(matches)));
        } catch (IOException | RuntimeException | Error e) {
          c.result().completeExceptionally(e);
        }
      }
    } catch (InterruptedException e) {
      // the reading is over
    }
  }

  private static Result result(Chunk c) throws IOException {
    try {
      return c.result().join();
    } catch (java.util.concurrent.CompletionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error r -> throw r;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
  }

  private static Item take(BlockingQueue<Item> queue) throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading");
    }
  }
}
