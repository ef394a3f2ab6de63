package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One blocking HTTP/1.1 keep-alive connection that GETs TAXII pages, for the paging readers of
 * {@code wuzhen-loadgen taxii}: far less client work per page than the JDK HttpClient, so the
 * figure is the node's. Plain {@code http://} only; reconnects when the server closes.
 */
final class PageReader implements AutoCloseable {
  private final HttpTarget target;
  private final String bearer;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private final HttpResponseReader reader = new HttpResponseReader(64 * 1024, true);
  private SocketChannel channel;

  PageReader(URI base, String bearer) {
    this.target = HttpTarget.of(base, "the paging readers");
    this.bearer = bearer;
  }

  /** The body of a 200 answer to GET {@code url}; any other answer is an IOException. */
  byte[] get(URI url) throws IOException {
    byte[] request = target.get(url, bearer);
    if (channel == null || !channel.isOpen()) {
      channel = SocketChannel.open(target.address());
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    ByteBuffer out = ByteBuffer.wrap(request);
    while (out.hasRemaining()) {
      channel.write(out);
    }
    reader.reset();
    boolean done = false;
    while (!done) {
      in.clear();
      if (channel.read(in) < 0) {
        close();
        throw new IOException("GET " + url + ": the server closed the connection mid-response");
      }
      in.flip();
      done = reader.feed(in);
    }
    if (reader.closes()) {
      close();
    }
    if (reader.status() != 200) {
      throw new IOException(
          "GET " + url + " answered " + reader.status() + ": " + new String(reader.body(), UTF_8));
    }
    return reader.body();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
