package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The paging readers' connection against a real HTTP server on loopback. */
class PageReaderTest {
  private HttpServer server;
  private final Set<String> connections = ConcurrentHashMap.newKeySet();
  private final String page = "{\"objects\":[" + "{\"type\":\"x\"},".repeat(5000) + "{}]}";

  private URI start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          connections.add(exchange.getRemoteAddress().toString());
          String query = exchange.getRequestURI().getRawQuery();
          byte[] body = page.getBytes(UTF_8);
          if ("missing".equals(query)) {
            body = "{\"title\":\"not found\"}".getBytes(UTF_8);
            exchange.sendResponseHeaders(404, body.length);
          } else if ("chunked".equals(query)) {
            exchange.sendResponseHeaders(200, 0);
          } else if ("close".equals(query)) {
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
          } else {
            exchange.sendResponseHeaders(200, body.length);
          }
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/objects/");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void pagesArriveWholeOverOneKeptAliveConnectionWhateverTheirFraming() throws IOException {
    URI base = start();
    try (PageReader reader = new PageReader(base, "tok")) {
      assertThat(new String(reader.get(base), UTF_8)).isEqualTo(page);
      assertThat(new String(reader.get(URI.create(base + "?chunked")), UTF_8)).isEqualTo(page);
      assertThat(new String(reader.get(base), UTF_8)).isEqualTo(page);
    }
    assertThat(connections).hasSize(1);
  }

  @Test
  void aConnectionTheServerClosesIsOpenedAgainForTheNextPage() throws IOException {
    URI base = start();
    try (PageReader reader = new PageReader(base, "tok")) {
      assertThat(reader.get(URI.create(base + "?close"))).hasSize(page.length());
      assertThat(reader.get(base)).hasSize(page.length());
    }
    assertThat(connections).hasSize(2);
  }

  @Test
  void anAnswerOtherThan200IsAnErrorWithItsBody() throws IOException {
    URI base = start();
    try (PageReader reader = new PageReader(base, "tok")) {
      assertThatThrownBy(() -> reader.get(URI.create(base + "?missing")))
          .hasMessageContaining("answered 404")
          .hasMessageContaining("not found");
      // The connection is still usable.
      assertThat(reader.get(base)).hasSize(page.length());
    }
  }
}
