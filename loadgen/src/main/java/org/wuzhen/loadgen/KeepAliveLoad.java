package org.wuzhen.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Many HTTP/1.1 keep-alive clients on one selector thread, each sending the same GET back-to-back
 * or once per period, for the latency part of {@code wuzhen-loadgen taxii}. A thread or a JDK
 * HttpClient exchange per client made the generator, not the node, the limit at 10,000 clients on
 * two shared cores (docs/benchmarks.md); this costs a few hundred bytes per connection.
 *
 * <p>Latency is from the first byte written to the last byte of the response read; a paced client's
 * wait is not counted. Only plain HTTP is supported (loopback benchmarks).
 */
final class KeepAliveLoad {
  /** Connections opened but not yet established at once, so the server's backlog keeps up. */
  private static final int CONNECTING_AT_ONCE = 256;

  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final InetSocketAddress address;
  private final byte[] request;
  private final Random random = new Random();

  /** What one run measured. */
  record Result(long[] latencyNanos, long errors, long connectFailures, double seconds) {
    double requestsPerSecond() {
      return latencyNanos.length / seconds;
    }

    /** The latency at quantile q (0..1), nearest rank; NaN when nothing succeeded. */
    double percentileMillis(double q) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * latencyNanos.length) - 1;
      return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank))] / 1e6;
    }
  }

  KeepAliveLoad(URI url, String bearer) {
    HttpTarget target = HttpTarget.of(url, "the latency load");
    this.address = target.address();
    this.request = target.get(url, bearer);
  }

  /**
   * Connects {@code clients} keep-alive connections, then lets each send the request for {@code
   * seconds}: back-to-back when {@code periodMillis} is 0, else once per period from a random
   * offset within the first period.
   */
  Result run(int clients, long seconds, long periodMillis) throws IOException {
    if (clients < 1 || seconds < 1 || periodMillis < 0) {
      throw new IllegalArgumentException(
          "clients and seconds must be >= 1 and the period >= 0, got "
              + clients
              + ", "
              + seconds
              + ", "
              + periodMillis);
    }
    Selector selector = Selector.open();
    try {
      List<Conn> conns = new ArrayList<>(clients);
      long connectFailures = connectAll(selector, clients, conns);
      long period = periodMillis * 1_000_000L;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      PriorityQueue<Conn> due = new PriorityQueue<>(Comparator.comparingLong((Conn c) -> c.due));
      for (Conn c : conns) {
        c.due = start + (period == 0 ? 0 : (long) (random.nextDouble() * period));
        due.add(c);
      }
      LongList latencies = new LongList();
      long errors = 0;
      int active = conns.size();
      while (active > 0) {
        long now = System.nanoTime();
        if (now >= end) {
          // No new requests; the connections waiting for their next turn are done.
          while (!due.isEmpty()) {
            due.poll().close();
            active--;
          }
          if (active == 0) {
            break;
          }
          if (now >= end + RESPONSE_GRACE_NANOS) {
            // Responses still missing count as errors; the finally block closes their connections.
            errors += active;
            break;
          }
        }
        while (!due.isEmpty() && due.peek().due <= now) {
          Conn c = due.poll();
          if (!c.send(request)) {
            errors++;
            c.close();
            active--;
          }
        }
        long wait =
            now >= end
                ? 100_000_000L
                : (due.isEmpty() ? end : Math.min(due.peek().due, end)) - System.nanoTime();
        if (wait <= 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, wait / 1_000_000));
        }
        for (SelectionKey key : selector.selectedKeys()) {
          Conn c = (Conn) key.attachment();
          Conn.Outcome outcome = c.ready();
          if (outcome == Conn.Outcome.PENDING) {
            continue;
          }
          long done = System.nanoTime();
          if (outcome == Conn.Outcome.OK || outcome == Conn.Outcome.CLOSING) {
            latencies.add(done - c.sentAt);
          } else {
            errors++;
          }
          if (outcome == Conn.Outcome.BROKEN || outcome == Conn.Outcome.CLOSING) {
            c.close();
            active--;
            continue;
          }
          c.due = period == 0 ? done : Math.max(c.sentAt + period, done);
          due.add(c);
        }
        selector.selectedKeys().clear();
      }
      long[] sorted = latencies.toArray();
      Arrays.sort(sorted);
      return new Result(sorted, errors, connectFailures, seconds);
    } finally {
      // Closing a selector leaves its channels open; a failed run must not keep thousands of them.
      for (SelectionKey key : selector.keys()) {
        ((Conn) key.attachment()).close();
      }
      selector.close();
    }
  }

  private static final long RESPONSE_GRACE_NANOS = 30_000_000_000L;

  /** Opens the connections, at most {@link #CONNECTING_AT_ONCE} in progress at a time. */
  private long connectAll(Selector selector, int clients, List<Conn> connected) throws IOException {
    long failures = 0;
    int opened = 0;
    int connecting = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (opened < clients || connecting > 0) {
      while (opened < clients && connecting < CONNECTING_AT_ONCE) {
        SocketChannel channel = SocketChannel.open();
        try {
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          Conn c = new Conn(channel);
          c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
          channel.connect(address);
        } catch (IOException e) {
          channel.close();
          // Most often the file descriptor limit: each client is one open socket.
          throw new IOException(
              "cannot open client connection "
                  + (opened + 1)
                  + " to "
                  + address
                  + ": "
                  + e.getMessage()
                  + " (is the file descriptor limit, ulimit -n, above the number of clients?)",
              e);
        }
        opened++;
        connecting++;
      }
      selector.select(100);
      for (SelectionKey key : selector.selectedKeys()) {
        Conn c = (Conn) key.attachment();
        connecting--;
        try {
          c.channel.finishConnect();
          key.interestOps(0);
          connected.add(c);
        } catch (IOException e) {
          failures++;
          c.close();
        }
      }
      selector.selectedKeys().clear();
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "could not connect "
                + clients
                + " clients to "
                + address
                + " within 60 s ("
                + connecting
                + " still connecting)");
      }
    }
    return failures;
  }

  /** One keep-alive connection and the response it is reading. */
  private static final class Conn {
    enum Outcome {
      PENDING,
      OK,
      /** A complete response with another status than 200; the connection stays. */
      NOT_OK,
      /** A complete 200 response after which the server closes the connection. */
      CLOSING,
      BROKEN
    }

    final SocketChannel channel;
    SelectionKey key;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    final HttpResponseReader reader = new HttpResponseReader(MAX_HEADER_BYTES);
    ByteBuffer out;
    long due;
    long sentAt;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }

    /** Starts the request; false when the connection is already broken. */
    boolean send(byte[] request) {
      sentAt = System.nanoTime();
      reader.reset();
      out = ByteBuffer.wrap(request);
      try {
        channel.write(out);
      } catch (IOException e) {
        return false;
      }
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      return true;
    }

    Outcome ready() {
      try {
        if (out.hasRemaining()) {
          channel.write(out);
          if (!out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
          return Outcome.PENDING;
        }
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
          return Outcome.BROKEN;
        }
        in.flip();
        if (!reader.feed(in)) {
          return Outcome.PENDING;
        }
        if (in.hasRemaining()) {
          // Bytes after the response to the only request sent: the stream is out of step.
          return Outcome.BROKEN;
        }
        key.interestOps(0);
        if (reader.status() != 200) {
          return reader.closes() ? Outcome.BROKEN : Outcome.NOT_OK;
        }
        return reader.closes() ? Outcome.CLOSING : Outcome.OK;
      } catch (IOException e) {
        return Outcome.BROKEN;
      }
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a benchmark connection: nothing to report.
      }
    }
  }

  /** A growable list of longs. */
  private static final class LongList {
    private long[] values = new long[4096];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  static String describe(Result r, int clients, long periodMillis) {
    return String.format(
        Locale.ROOT,
        "latency @ %d clients%s: %d requests in %.0f s (%.0f req/s), p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors%s",
        clients,
        periodMillis > 0 ? " (each one request per " + periodMillis + " ms)" : " (back-to-back)",
        r.latencyNanos().length,
        r.seconds(),
        r.requestsPerSecond(),
        r.percentileMillis(0.5),
        r.percentileMillis(0.99),
        r.percentileMillis(1.0),
        r.errors(),
        r.connectFailures() > 0 ? ", " + r.connectFailures() + " connections refused" : "");
  }
}
