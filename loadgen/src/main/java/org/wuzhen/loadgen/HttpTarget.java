package org.wuzhen.loadgen;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where the benchmark clients connect and the GET they send: plain {@code http://} only, since they
 * drive a node over loopback.
 */
record HttpTarget(InetSocketAddress address, String hostHeader) {
  static HttpTarget of(URI url, String who) {
    if (!"http".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          who + " supports http:// URLs only, got " + url.getScheme() + "://");
    }
    int port = url.getPort() < 0 ? 80 : url.getPort();
    return new HttpTarget(new InetSocketAddress(url.getHost(), port), url.getHost() + ":" + port);
  }

  /** A keep-alive GET of {@code url}'s path and query, accepting TAXII 2.1, with a bearer token. */
  byte[] get(URI url, String bearer) {
    String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return ("GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nAccept: application/taxii+json;version=2.1\r\nAuthorization: Bearer "
            + bearer
            + "\r\n\r\n")
        .getBytes(US_ASCII);
  }
}
