package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.Pem;
import org.wuzhen.taxii.client.ServerTrust;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;
import org.wuzhen.taxii.testing.TestCertificates;
import org.wuzhen.taxii.testing.TestNode;

/**
 * Native TLS against real handshakes on loopback, with a CA made in the test: who is trusted, what
 * is refused, renewal without a restart, HTTP/2 by ALPN, and client certificates as logins.
 */
class TlsTest {
  @TempDir Path dir;

  private TestNode node(
      TestCertificates.Issued server, Optional<TlsSettings.ClientCertificates> c) {
    return node(server, c, TlsSettings.Native.DEFAULT_RELOAD_INTERVAL);
  }

  private TestNode node(
      TestCertificates.Issued server,
      Optional<TlsSettings.ClientCertificates> clients,
      Duration reload) {
    TlsSettings tls =
        new TlsSettings.Native(
            new TlsSettings.ServerKey.Pem(server.certificate(), server.key()), clients, reload);
    return TestNode.sqlite(dir.resolve("node"))
        .config(TestNode.config("tls node").withTls(tls))
        .start();
  }

  private static TaxiiClient client(TestNode node, ServerTrust trust, Credentials credentials) {
    return TaxiiClient.builder(node.uri()).trust(trust).credentials(credentials).build();
  }

  @Test
  void aClientTrustingTheCaTalksHttpsAndDiscoveryNamesHttpsRoots() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    try (TestNode node = node(ca.server("node"), Optional.empty())) {
      assertThat(node.uri().getScheme()).isEqualTo("https");
      DiscoveryResource d =
          client(node, ServerTrust.caFile(ca.caFile()), Credentials.none()).discovery();
      assertThat(d.apiRoots()).containsExactly(node.uri() + "api1/");
      assertThat(d.apiRoots().getFirst()).startsWith("https://127.0.0.1:");
    }
  }

  @Test
  void plainHttpToTheTlsPortIsAnsweredWithAnErrorNeverServed() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    try (TestNode node = node(ca.server("node"), Optional.empty())) {
      RawHttp.send(node.uri(), "GET /taxii2/ HTTP/1.1\r\nHost: x\r\n\r\n")
          .expectError(400, "this port speaks TLS");
    }
  }

  @Test
  void aPkcs12KeystoreServesItsKey() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates.Issued server = ca.server("node");
    char[] password = "keystore password".toCharArray();
    KeyStore p12 = Pem.keyStore(server.certificate(), server.key(), password, "cert", "key");
    Path file = dir.resolve("node.p12");
    try (var out = Files.newOutputStream(file)) {
      p12.store(out, password);
    }
    TlsSettings tls =
        new TlsSettings.Native(new TlsSettings.ServerKey.Pkcs12(file, new String(password)));
    try (TestNode node =
        TestNode.sqlite(dir.resolve("p12")).config(TestNode.config("p12").withTls(tls)).start()) {
      assertThat(servedSerial(node, ca)).isEqualTo(server.x509().getSerialNumber());
    }
    TlsSettings wrong =
        new TlsSettings.Native(new TlsSettings.ServerKey.Pkcs12(file, "not the password"));
    assertThatThrownBy(
            () ->
                TestNode.sqlite(dir.resolve("p12-wrong"))
                    .config(TestNode.config("p12").withTls(wrong))
                    .start())
        .hasMessageContaining("tls.keystore")
        .hasMessageContaining("password");
  }

  @Test
  void aClientThatDoesNotTrustTheCaIsRefusedSayingWhy() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates other = TestCertificates.authority(dir, "other");
    try (TestNode node = node(ca.server("node"), Optional.empty())) {
      for (ServerTrust trust : List.of(ServerTrust.system(), ServerTrust.caFile(other.caFile()))) {
        TaxiiClientException e =
            catchThrowableOfType(
                TaxiiClientException.class,
                () -> client(node, trust, Credentials.none()).discovery());
        assertThat(e.kind()).isEqualTo(TaxiiClientException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("TLS handshake failed").contains("--ca-file");
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    try (TestNode node =
        node(ca.serverFor("elsewhere", "elsewhere.example.org"), Optional.empty())) {
      TaxiiClientException e =
          catchThrowableOfType(
              TaxiiClientException.class,
              () -> client(node, ServerTrust.caFile(ca.caFile()), Credentials.none()).discovery());
      assertThat(e.kind()).isEqualTo(TaxiiClientException.Kind.UNREACHABLE);
      assertThat(e.getMessage()).contains("TLS handshake failed").contains("127.0.0.1");
    }
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    Instant now = Instant.now();
    TestCertificates.Issued expired =
        ca.server("expired", now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)));
    try (TestNode node = node(expired, Optional.empty())) {
      TaxiiClientException e =
          catchThrowableOfType(
              TaxiiClientException.class,
              () -> client(node, ServerTrust.caFile(ca.caFile()), Credentials.none()).discovery());
      assertThat(e.kind()).isEqualTo(TaxiiClientException.Kind.UNREACHABLE);
      assertThat(e.getMessage()).contains("TLS handshake failed").contains("validity");
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates.Issued first = ca.server("node");
    try (TestNode node = node(first, Optional.empty(), Duration.ofMillis(50))) {
      assertThat(servedSerial(node, ca)).isEqualTo(first.x509().getSerialNumber());
      TaxiiClient client = client(node, ServerTrust.caFile(ca.caFile()), Credentials.none());
      client.discovery();

      TestCertificates.Issued renewed = ca.server("node"); // same files, new contents
      assertThat(renewed.x509().getSerialNumber()).isNotEqualTo(first.x509().getSerialNumber());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!servedSerial(node, ca).equals(renewed.x509().getSerialNumber())) {
        assertThat(System.nanoTime()).as("renewal served within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      // New connections get the renewed certificate; the same client keeps working.
      assertThat(client.discovery().apiRoots()).hasSize(1);
    }
  }

  @Test
  void aRenewalThatCannotBeReadKeepsTheServedCertificateUntilAGoodOneArrives() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates.Issued first = ca.server("node");
    ServerTls tls =
        new ServerTls(
            new TlsSettings.Native(new TlsSettings.ServerKey.Pem(first.certificate(), first.key())),
            java.time.Clock.systemUTC());
    assertThat(tls.reloadIfChanged()).isFalse();
    assertThat(served(tls)).isEqualTo(first.x509().getSerialNumber());

    // A renewal caught half-way: the new certificate is written, its key not yet.
    TestCertificates.Issued stranger = ca.server("stranger");
    Files.copy(
        stranger.certificate(),
        first.certificate(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(tls.reloadIfChanged()).isFalse();
    assertThat(served(tls)).isEqualTo(first.x509().getSerialNumber());

    Files.copy(stranger.key(), first.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(tls.reloadIfChanged()).isTrue();
    assertThat(served(tls)).isEqualTo(stranger.x509().getSerialNumber());
  }

  private static BigInteger served(ServerTls tls) throws Exception {
    KeyStore keys = tls.contextFactory().getKeyStore();
    String alias = keys.aliases().nextElement();
    return ((X509Certificate) keys.getCertificate(alias)).getSerialNumber();
  }

  @Test
  void onlyTls12And13WithModernSuitesAreSpoken() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    try (TestNode node = node(ca.server("node"), Optional.empty())) {
      try (SSLSocket socket = socket(node, ca)) {
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(ServerTls.CIPHER_SUITES).contains(socket.getSession().getCipherSuite());
      }
      try (SSLSocket cbc = socket(node, ca)) {
        cbc.setEnabledProtocols(new String[] {"TLSv1.2"});
        cbc.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
        assertThatThrownBy(cbc::startHandshake).isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void http2IsNegotiatedByAlpn() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    try (TestNode node = node(ca.server("node"), Optional.empty())) {
      HttpClient h2 =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .sslContext(context(ca))
              .build();
      HttpResponse<String> r =
          h2.send(
              HttpRequest.newBuilder(node.uri().resolve("taxii2/"))
                  .header("Accept", Http.TAXII)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("tls node");
    }
  }

  @Test
  void aMappedClientCertificateLogsInAsItsUserAndAnUnmappedOneGetsNothing() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "community");
    TestCertificates stranger = TestCertificates.authority(dir, "stranger");
    TestCertificates.Issued bySubject = ca.client("node-b");
    TestCertificates.Issued byFingerprint = ca.client("node-c");
    TestCertificates.Issued unmapped = ca.client("node-x");
    TestCertificates.Issued foreign = stranger.client("node-b");
    TlsSettings.ClientCertificates clients =
        new TlsSettings.ClientCertificates(
            ca.caFile(),
            List.of(
                new TlsSettings.ClientLogin(
                    TlsSettings.CertificateMatch.parse("CN=node-b, O=Wuzhen tests"), "peer-b"),
                new TlsSettings.ClientLogin(
                    TlsSettings.CertificateMatch.parse(byFingerprint.fingerprint().toUpperCase()),
                    "peer-c")));
    try (TestNode node = node(ca.server("node"), Optional.of(clients))) {
      node.member("isac-b");
      node.member("isac-c");
      node.user("peer-b", "isac-b").user("peer-c", "isac-c").user("alice", "isac-c");
      CollectionId b = node.collection("b's", Principal.member("isac-b"));
      CollectionId c = node.collection("c's", Principal.member("isac-c"));
      ServerTrust trust = ServerTrust.caFile(ca.caFile());

      assertThat(collections(node, trust, certificate(bySubject))).containsExactly(b.toString());
      assertThat(collections(node, trust, certificate(byFingerprint)))
          .containsExactly(c.toString());
      // Without a certificate, a password still logs in.
      assertThat(collections(node, trust, Credentials.basic("alice", TestNode.PASSWORD)))
          .containsExactly(c.toString());

      TaxiiClientException refused =
          catchThrowableOfType(
              TaxiiClientException.class, () -> collections(node, trust, certificate(unmapped)));
      assertThat(refused.status()).hasValue(401);
      assertThat(refused.getMessage()).contains("CN=node-x").contains("logs in as no user");
      // ... also on the public discovery endpoint: a certificate is a claim to be someone.
      assertThat(
              catchThrowableOfType(
                      TaxiiClientException.class,
                      () -> client(node, trust, certificate(unmapped)).discovery())
                  .status())
          .hasValue(401);

      // A certificate from another CA is not even offered by the JDK client (its issuer is not
      // among those the server asks for), so the request is anonymous and refused...
      TaxiiClientException foreignRefused =
          catchThrowableOfType(
              TaxiiClientException.class, () -> collections(node, trust, certificate(foreign)));
      assertThat(foreignRefused.status()).hasValue(401);
      // ... and a client that shows it anyway fails the handshake.
      try (SSLSocket socket = socket(node, ca, foreign)) {
        assertThatThrownBy(
                () -> {
                  socket.startHandshake();
                  socket.getOutputStream().write("GET /taxii2/ HTTP/1.1\r\n\r\n".getBytes());
                  socket.getOutputStream().flush();
                  if (socket.getInputStream().read() < 0) {
                    throw new SSLHandshakeException("closed without an answer");
                  }
                })
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aClientCertificateNeedsAnHttpsUrl() {
    assertThatThrownBy(
            () ->
                TaxiiClient.builder(URI.create("http://127.0.0.1:9/"))
                    .credentials(
                        Credentials.clientCertificate(dir.resolve("c.pem"), dir.resolve("c.key")))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @Test
  void aMissingCaFileIsNamed() {
    assertThatThrownBy(
            () ->
                TaxiiClient.builder(URI.create("https://127.0.0.1:9/"))
                    .trust(ServerTrust.caFile(dir.resolve("nowhere.pem")))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere.pem")
        .hasMessageContaining("does not exist");
  }

  @Test
  void plainHttpBeyondLoopbackIsRefusedUnlessAProxyTerminatesTls() throws Exception {
    TaxiiConfig plain = TestNode.config("plain").withAddress("0.0.0.0", 0);
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir))) {
      assertThatThrownBy(() -> new TaxiiServer(plain, store).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("config tls")
          .hasMessageContaining("0.0.0.0")
          .hasMessageContaining("tls: off");
      // Behind a TLS-terminating proxy the operator says so, and plain HTTP may listen anywhere.
      try (TaxiiServer proxied =
          new TaxiiServer(plain.withTls(new TlsSettings.TerminatedByProxy()), store).start()) {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + proxied.port() + "/taxii2/"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    assertThat(ServerConnectors.isLoopback("127.0.0.1")).isTrue();
    assertThat(ServerConnectors.isLoopback("::1")).isTrue();
    assertThat(ServerConnectors.isLoopback("localhost")).isTrue();
    assertThat(ServerConnectors.isLoopback("0.0.0.0")).isFalse();
    assertThat(ServerConnectors.isLoopback("::")).isFalse();
  }

  private static Credentials certificate(TestCertificates.Issued issued) {
    return Credentials.clientCertificate(issued.certificate(), issued.key());
  }

  private static List<String> collections(TestNode node, ServerTrust trust, Credentials c)
      throws TaxiiClientException {
    return client(node, trust, c).collections("api1").stream().map(CollectionResource::id).toList();
  }

  private static SSLContext context(TestCertificates ca) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore trust = Pem.trustStore(ca.caFile(), "ca");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static SSLSocket socket(TestNode node, TestCertificates ca) throws Exception {
    return socket(node, context(ca));
  }

  private static SSLSocket socket(TestNode node, SSLContext context) throws Exception {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", node.uri().getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A socket that shows {@code shown} whatever CAs the server asks for. */
  private static SSLSocket socket(TestNode node, TestCertificates ca, TestCertificates.Issued shown)
      throws Exception {
    char[] password = "test".toCharArray();
    KeyStore keys = Pem.keyStore(shown.certificate(), shown.key(), password, "cert", "key");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    X509KeyManager base = (X509KeyManager) kmf.getKeyManagers()[0];
    X509ExtendedKeyManager always =
        new X509ExtendedKeyManager() {
          @Override
          public String chooseClientAlias(
              String[] types, java.security.Principal[] issuers, Socket s) {
            return "key";
          }

          @Override
          public String chooseServerAlias(
              String type, java.security.Principal[] issuers, Socket s) {
            return null;
          }

          @Override
          public String[] getClientAliases(String type, java.security.Principal[] issuers) {
            return new String[] {"key"};
          }

          @Override
          public String[] getServerAliases(String type, java.security.Principal[] issuers) {
            return null;
          }

          @Override
          public X509Certificate[] getCertificateChain(String alias) {
            return base.getCertificateChain(alias);
          }

          @Override
          public PrivateKey getPrivateKey(String alias) {
            return base.getPrivateKey(alias);
          }
        };
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(Pem.trustStore(ca.caFile(), "ca"));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {always}, tmf.getTrustManagers(), null);
    return socket(node, context);
  }

  /** The serial number of the certificate a new connection is served. */
  private static BigInteger servedSerial(TestNode node, TestCertificates ca) throws Exception {
    try (SSLSocket socket = socket(node, ca)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
