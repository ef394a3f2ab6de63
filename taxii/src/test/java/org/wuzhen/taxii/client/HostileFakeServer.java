package org.wuzhen.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake HTTP server on loopback that misbehaves on purpose (a real TAXII server cannot be made to
 * send an endless body or stall mid-answer): raw sockets, one scripted answer for every request,
 * and a record of how each answer ended, so a test can see whether the client hung up.
 */
final class HostileFakeServer implements AutoCloseable {
  /** Writes one answer to one connection. */
  @FunctionalInterface
  interface Script {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  /**
   * How an answer ended.
   *
   * @param written bytes of the answer written before it ended
   * @param hungUp whether writing failed because the client closed the connection
   */
  record Ending(long written, boolean hungUp) {}

  private final ServerSocket socket;
  private final Thread acceptor;
  private volatile Script script;
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();

  HostileFakeServer(Script script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
  }

  void answer(Script next) {
    this.script = next;
  }

  /** How the next answer ended; waits for it with a deadline. */
  Ending ending() throws InterruptedException {
    Ending e = endings.poll(30, TimeUnit.SECONDS);
    assertThat(e).as("an answer ended within 30 s").isNotNull();
    return e;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        Thread.ofVirtual().start(() -> serve(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    CountingStream out = null;
    try (connection) {
      requests.add(readHead(connection.getInputStream()));
      out = new CountingStream(connection.getOutputStream());
      script.write(out);
      out.flush();
      endings.add(new Ending(out.count, false));
    } catch (IOException e) {
      endings.add(new Ending(out == null ? 0 : out.count, true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The request line and headers; the requests these tests make have no body worth reading. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }

  // ---- scripts

  /** A complete answer with a Content-Length. */
  static Script answer(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return out -> {
      head(out, status, "Content-Type: " + contentType, "Content-Length: " + bytes.length);
      out.write(bytes);
    };
  }

  static Script json(int status, String body) {
    return answer(status, "application/taxii+json;version=2.1", body);
  }

  /** Declares {@code length} bytes and then sends them, 64 KiB at a time. */
  static Script declared(long length) {
    return out -> {
      head(out, 200, "Content-Type: application/json", "Content-Length: " + length);
      byte[] chunk = new byte[64 << 10];
      for (long sent = 0; sent < length; sent += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
      }
    };
  }

  /** A chunked body that never ends, sent as fast as the client takes it. */
  static Script endless() {
    return out -> {
      head(out, 200, "Content-Type: application/json", "Transfer-Encoding: chunked");
      byte[] chunk = chunk(64 << 10);
      while (true) {
        out.write(chunk);
      }
    };
  }

  /** A chunked body that never ends, one byte every 50 ms. */
  static Script trickle() {
    return out -> {
      head(out, 200, "Content-Type: application/json", "Transfer-Encoding: chunked");
      byte[] chunk = chunk(1);
      while (true) {
        out.write(chunk);
        out.flush();
        Thread.sleep(50);
      }
    };
  }

  /** Reads the request and never answers, until the client hangs up. */
  static Script silent() {
    return out -> Thread.sleep(60_000);
  }

  /** A redirect to another server. */
  static Script redirect(String location) {
    return out -> head(out, 302, "Location: " + location, "Content-Length: 0");
  }

  private static byte[] chunk(int size) {
    byte[] head = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + size + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    java.util.Arrays.fill(out, head.length, head.length + size, (byte) ' ');
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  private static void head(OutputStream out, int status, String... headers) throws IOException {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" Fake\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    volatile long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }
}
