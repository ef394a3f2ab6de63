package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

/**
 * Sends bytes no HTTP client library would send (malformed request lines, absurd headers, another
 * protocol's preface) over a plain socket, and reads the one answer the server gives.
 */
final class RawHttp {
  private RawHttp() {}

  /** The answer: status, headers by lower-case name, body (empty when the server just closed). */
  record Answer(int status, Map<String, String> headers, String body, String raw) {
    /** Asserts a TAXII error resource with this status whose description mentions {@code what}. */
    Answer expectError(int expected, String what) {
      assertThat(status).as("status; answer %s", raw).isEqualTo(expected);
      assertThat(headers.get("content-type"))
          .as("media type; answer %s", raw)
          .isEqualTo(Http.TAXII);
      JsonObject error = (JsonObject) Json.parse(body);
      assertThat(error.string("http_status")).hasValue(Integer.toString(expected));
      assertThat(error.string("title")).isPresent();
      assertThat(error.string("description").orElseThrow()).containsIgnoringCase(what);
      return this;
    }
  }

  static Answer send(URI server, String request) {
    return send(server, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Answer send(URI server, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    int contentLength = -1;
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        all.write(buffer, 0, n);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
          contentLength = contentLength(text.substring(0, headEnd));
        }
        if (headEnd >= 0 && contentLength >= 0 && all.size() >= headEnd + 4 + contentLength) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // answered what it would; the rest is read below
    }
    String raw = all.toString(StandardCharsets.UTF_8);
    if (headEnd < 0) {
      return new Answer(-1, Map.of(), "", raw);
    }
    String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    return new Answer(status, headers, body, raw);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).strip());
      }
    }
    return -1;
  }
}
