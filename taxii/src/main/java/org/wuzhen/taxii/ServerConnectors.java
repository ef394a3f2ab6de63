package org.wuzhen.taxii;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;

/** How the TAXII port speaks: the protocol stack of a TLS port, and when plain HTTP is allowed. */
final class ServerConnectors {
  private ServerConnectors() {}

  /**
   * TLS, then ALPN choosing HTTP/2 ({@code h2}) or HTTP/1.1; a client without ALPN gets HTTP/1.1. A
   * client that speaks plain HTTP to the port is detected and answered (by {@link
   * ProtocolRefusals}) with an error saying to use https, instead of a closed connection.
   */
  static ConnectionFactory[] tls(HttpConfiguration plain, ServerTls tls) {
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients check the host name against the certificate; the server need not refuse a Host that
    // differs from the SNI name (a node reached by IP address, or through a port forward).
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    HttpConnectionFactory http11 = new HttpConnectionFactory(https);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol(http11.getProtocol());
    SslConnectionFactory ssl = new SslConnectionFactory(tls.contextFactory(), alpn.getProtocol());
    DetectorConnectionFactory detector = new DetectorConnectionFactory(ssl);
    return new ConnectionFactory[] {detector, http11, alpn, h2};
  }

  /**
   * Plain HTTP carries passwords and tokens in clear text, so it is served on loopback only, unless
   * the configuration says that a TLS-terminating proxy is in front.
   *
   * @throws IllegalStateException naming the setting to change
   */
  static void requireTlsBeyondLoopback(TaxiiConfig config) {
    if (config.tls() instanceof TlsSettings.LoopbackOnly && !isLoopback(config.host())) {
      throw new IllegalStateException(
          "config tls: the node would listen on "
              + config.host()
              + ", beyond loopback, in plain HTTP, where passwords and tokens cross the network"
              + " in clear text; give tls.certificate and tls.key (or tls.keystore), or say"
              + " 'tls: off' when a TLS-terminating proxy is in front");
    }
  }

  /** Whether every address {@code host} names is a loopback address. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      return addresses.length > 0
          && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false; // binding will fail and say so
    }
  }
}
