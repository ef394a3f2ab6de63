package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.testing.TestNode;

/**
 * What no client library would send, over a raw socket to the real server: every answer the HTTP
 * layer gives itself is a TAXII error resource in the TAXII media type that says what was wrong;
 * parser limits in a POSTed body are 422; discovery is not built from a client's Host header, and
 * wrong credentials to it are 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpLayerErrorsTest {
  @TempDir static Path dir;
  TestNode node;
  CollectionId collection;

  @BeforeAll
  void start() {
    node = TestNode.sqlite(dir).start();
    node.member("acme");
    node.user("alice", "acme");
    collection = node.collection("acme's", Principal.member("acme"));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private RawHttp.Answer send(String request) {
    return RawHttp.send(node.uri(), request);
  }

  @Test
  void badPercentEncodingSaysSo() {
    send("GET /api1/%zz/ HTTP/1.1\r\nHost: x\r\n\r\n").expectError(400, "percent-encoding");
    send("GET /api1/collections/%00/ HTTP/1.1\r\nHost: x\r\n\r\n")
        .expectError(400, "control characters, %00");
    send("GET /api1/collections/%2F/ HTTP/1.1\r\nHost: x\r\n\r\n").expectError(400, "%2F");
    send("GET /api1/%2e%2e/ HTTP/1.1\r\nHost: x\r\n\r\n").expectError(400, "'..'");
    send("GET /api1//collections/ HTTP/1.1\r\nHost: x\r\n\r\n").expectError(400, "'//'");
  }

  @Test
  void absurdContentLengthsSaySo() {
    send("POST /api1/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        .expectError(400, "Content-Length");
    send("POST /api1/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
        .expectError(400, "non-negative decimal integer");
    send("POST /api1/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        .expectError(400, "Multiple Content-Lengths");
  }

  @Test
  void unknownHttpVersionsSaySo() {
    send("GET /taxii2/ HTTP/7.3\r\nHost: x\r\n\r\n").expectError(505, "unknown HTTP version");
    send("GET /taxii2/\r\n\r\n").expectError(505, "HTTP/0.9");
    send("GET /taxii2/ HTTP/1.1\r\n\r\n").expectError(400, "Host header");
  }

  @Test
  void anHttp2PrefaceOnThePlainPortSaysSo() {
    send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").expectError(426, "HTTP/2 is offered only over TLS");
  }

  @Test
  void connectIsRefusedAsAProxyRequest() {
    send("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n")
        .expectError(501, "not a proxy");
  }

  @Test
  void oversizedHeadsSaySo() {
    send("GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")
        .expectError(431, "header fields are larger");
    send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        .expectError(414, "request target is longer");
  }

  /** Jackson's number-length limit escaped the 422 mapping and answered 500. */
  @Test
  void aNumberBeyondTheParserLimitIsUnprocessableNamingWhereAndTheLimit() {
    String indicator =
        """
        {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",\
        "created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z",\
        "pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",\
        "valid_from":"2020-01-01T00:00:00Z","x_big":%s}"""
            .formatted("9".repeat(1001));
    String body = "{\"objects\":[" + indicator + "]}";
    RawHttp.Answer a =
        send(
            "POST /api1/collections/"
                + collection
                + "/objects/ HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + Http.basic("alice", TestNode.PASSWORD)
                + "\r\nAccept: "
                + Http.TAXII
                + "\r\nContent-Type: "
                + Http.TAXII
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);
    a.expectError(422, "/objects/0/x_big").expectError(422, "(1000)");
  }

  @Test
  void extensionRouteErrorsUseTheTaxiiMediaType() {
    // A /wuzhen/ route that does not exist, and one that refuses: both TAXII errors.
    send("GET /wuzhen/nothing/ HTTP/1.1\r\nHost: x\r\n\r\n").expectError(404, "/wuzhen/nothing/");
    assertThat(ExtensionReply.error(403, "Forbidden", "no").contentType())
        .isEqualTo(MediaTypes.TAXII_21);
  }

  @Test
  void discoveryIgnoresTheHostHeader() {
    RawHttp.Answer a =
        send(
            "GET /taxii2/ HTTP/1.1\r\nHost: evil.example:666\r\nAccept: "
                + Http.TAXII
                + "\r\n\r\n");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).doesNotContain("evil.example").contains(node.uri() + "api1/");
    RawHttp.Answer absolute =
        send("GET http://evil.example/taxii2/ HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assertThat(absolute.body()).doesNotContain("evil.example").contains(node.uri() + "api1/");
  }

  @Test
  void discoveryBuildsRootsFromTheConfiguredPublicUrl() throws Exception {
    try (TestNode proxied =
        TestNode.sqlite(dir.resolve("proxied"))
            .config(
                TestNode.config("behind a proxy")
                    .withPublicUrl(Optional.of(URI.create("https://taxii.example.org/base"))))
            .start()) {
      RawHttp.Answer a =
          RawHttp.send(proxied.uri(), "GET /taxii2/ HTTP/1.1\r\nHost: evil.example\r\n\r\n");
      JsonObject discovery = (JsonObject) org.wuzhen.stix.Json.parse(a.body());
      assertThat(discovery.string("default")).hasValue("https://taxii.example.org/base/api1/");
    }
  }

  @Test
  void wrongCredentialsToDiscoveryAre401AndRightOnesAreAnswered() {
    Http anonymous = new Http(node.uri(), Optional.empty());
    anonymous.get("taxii2/").expect(200);
    anonymous.as(Http.basic("alice", "wrong")).get("taxii2/").expectError(401, "wrong password");
    anonymous.as("Bearer wz_nonsense").get("taxii2/").expectError(401, "unknown API token");
    anonymous.as("Digest x").get("taxii2/").expectError(401, "not supported");
    anonymous.as(Http.basic("alice", TestNode.PASSWORD)).get("taxii2/").expect(200);
  }
}
