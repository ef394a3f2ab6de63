package org.wuzhen.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.TaxiiClientException.Kind;

/**
 * The client against a server that misbehaves: every bad answer is one {@link TaxiiClientException}
 * of the right kind, with the status and the server's words when it answered, and no answer makes
 * the client read more than its bound or wait longer than its timeout.
 */
class HostileServerTest {
  static final long BOUND = 64 << 10;
  HostileFakeServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private TaxiiClient client(HostileFakeServer.Script script) throws IOException {
    server = new HostileFakeServer(script);
    return TaxiiClient.builder(server.uri())
        .credentials(Credentials.bearer("t0ken"))
        .maxResponseBytes(BOUND)
        .requestTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void aDeclaredLengthOverTheBoundIsRefusedBeforeTheBodyIsRead() throws Exception {
    TaxiiClient client = client(HostileFakeServer.declared(100L << 20));

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class, () -> client.objects("api1/", "c1", ObjectFilter.NONE));

    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    assertThat(e.status()).isEqualTo(OptionalInt.of(200));
    assertThat(e.getMessage())
        .startsWith("GET " + server.uri() + "api1/collections/c1/objects/: ")
        .contains("an answer of " + (100L << 20) + " bytes is over the bound of " + BOUND);
    HostileFakeServer.Ending ending = server.ending();
    assertThat(ending.hungUp()).isTrue();
    assertThat(ending.written()).isLessThan(100L << 20);
  }

  @Test
  void anEndlessBodyWithoutLengthIsReadNoFurtherThanTheBound() throws Exception {
    TaxiiClient client = client(HostileFakeServer.endless());

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class, () -> client.get("/wuzhen/log/head/", Map.of(), v -> v));

    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    assertThat(e.getMessage())
        .contains("more than " + BOUND + " bytes; reading stopped there")
        .contains("over the bound of " + BOUND);
    // The client hung up: the endless answer ended because writing to it failed.
    assertThat(server.ending().hungUp()).isTrue();
  }

  @Test
  void aBodyThatTricklesForeverEndsAtTheRequestTimeout() throws Exception {
    TaxiiClient client = client(HostileFakeServer.trickle());

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.discovery());

    assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(e.getMessage())
        .startsWith("GET " + server.uri() + "taxii2/: no complete answer within PT2S (HTTP 200, ")
        .endsWith("bytes of the body had arrived)");
    assertThat(e.status()).hasValue(200);
    assertThat(server.ending().hungUp()).isTrue();
  }

  @Test
  void aCallCompletesWhileEveryWorkerOfTheCommonPoolIsBlocked() throws Exception {
    TaxiiClient client = client(HostileFakeServer.json(200, "{\"title\":\"fake\"}"));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Void>> blockers = new ArrayList<>();
    for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
      blockers.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    try {
      assertThat(client.discovery().title()).isEqualTo("fake");
    } finally {
      release.countDown();
      blockers.forEach(CompletableFuture::join);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    TaxiiClient client = client(HostileFakeServer.silent());

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.collections("api1"));

    assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(e.getMessage()).startsWith("GET " + server.uri() + "api1/collections/: ");
  }

  @Test
  void aTaxiiErrorMessageGivesStatusTitleAndDescription() throws Exception {
    TaxiiClient client =
        client(
            HostileFakeServer.json(
                403,
                """
                {"title":"Forbidden","description":"no write permission on c1",\
                "http_status":"403"}"""));

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class, () -> client.addObjects("api1", "c1", List.of()));

    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
    assertThat(e.status()).isEqualTo(OptionalInt.of(403));
    assertThat(e.title()).hasValue("Forbidden");
    assertThat(e.description()).hasValue("no write permission on c1");
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.getMessage())
        .isEqualTo(
            "POST "
                + server.uri()
                + "api1/collections/c1/objects/: HTTP 403 Forbidden: no write permission on c1");
    assertThat(server.requests.getFirst())
        .startsWith("POST /api1/collections/c1/objects/ HTTP/1.1")
        .contains("Authorization: Bearer t0ken");
  }

  @Test
  void aServerErrorIsTellableFromARefusalAndQuotesABodyThatIsNoErrorMessage() throws Exception {
    TaxiiClient client = client(HostileFakeServer.answer(502, "text/html", "<h1>Bad gateway</h1>"));

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.apiRoot("api1"));

    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.status()).isEqualTo(OptionalInt.of(502));
    assertThat(e.title()).isEmpty();
    assertThat(e.getMessage()).endsWith("api1/: HTTP 502: <h1>Bad gateway</h1>");
  }

  @Test
  void anAnswerThatIsNotJsonIsMalformed() throws Exception {
    TaxiiClient client = client(HostileFakeServer.json(200, "<html>not json</html>"));

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class, () -> client.objects("api1", "c1", ObjectFilter.NONE));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.status()).isEqualTo(OptionalInt.of(200));
    assertThat(e.getMessage()).contains("the answer is not JSON (HTTP 200)");
  }

  @Test
  void anEnvelopeOfTheWrongShapeIsMalformed() throws Exception {
    TaxiiClient client = client(HostileFakeServer.json(200, "[1,2,3]"));
    assertThat(
            catchThrowableOfType(
                    TaxiiClientException.class,
                    () -> client.objects("api1", "c1", ObjectFilter.NONE))
                .getMessage())
        .endsWith("expected a TAXII envelope, found array");

    server.answer(HostileFakeServer.json(200, "{\"more\":\"yes\"}"));
    assertThat(
            catchThrowableOfType(
                    TaxiiClientException.class,
                    () -> client.objects("api1", "c1", ObjectFilter.NONE))
                .getMessage())
        .endsWith("malformed envelope: more: expected a boolean, found string");
  }

  @Test
  void aReplyWithARenamedMemberFailsNamingTheMember() throws Exception {
    TaxiiClient client =
        client(
            HostileFakeServer.json(
                200,
                """
                {"id":"s1","status":"complete","total":1,"success_count":1,\
                "failure_count":0,"pending_count":0}"""));

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.status("api1", "s1"));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).endsWith("api1/status/s1/: malformed answer: total_count: missing");
  }

  @Test
  void aStrictReaderOfTheCallersOwnIsAppliedToNodeRoutes() throws Exception {
    TaxiiClient client =
        client(HostileFakeServer.answer(200, "application/json", "{\"id\":\"s1\"}"));

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class,
            () ->
                client.get(
                    "/wuzhen/status/", Map.of("b", "2", "a", "x y"), StatusResource::fromJson));

    assertThat(e.getMessage())
        .isEqualTo(
            "GET " + server.uri() + "wuzhen/status/?a=x+y&b=2: malformed answer: status: missing");
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    TaxiiClient client = client(HostileFakeServer.redirect("http://example.org/elsewhere/"));

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.discovery());

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.status()).isEqualTo(OptionalInt.of(302));
    assertThat(e.getMessage())
        .contains("found HTTP 302 to http://example.org/elsewhere/ (redirects are not followed)");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void aNodeRouteThatIsNotThereIsAbsentForFind() throws Exception {
    TaxiiClient client =
        client(HostileFakeServer.json(404, "{\"title\":\"Not Found\",\"description\":\"none\"}"));

    assertThat(client.find("/wuzhen/log/head/", Map.of(), v -> v)).isEmpty();
    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class, () -> client.get("/wuzhen/log/head/", Map.of(), v -> v));
    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
    assertThat(e.description()).hasValue("none");
  }

  @Test
  void aServerThatIsNotThereIsUnreachable() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    TaxiiClient client = TaxiiClient.builder(URI.create("http://127.0.0.1:" + port)).build();

    TaxiiClientException e =
        catchThrowableOfType(TaxiiClientException.class, () -> client.discovery());

    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage())
        .startsWith("GET http://127.0.0.1:" + port + "/taxii2/: cannot connect");
  }

  @Test
  void anApiRootOrRouteCannotLeadCredentialsOffTheServer() throws Exception {
    TaxiiClient client = client(HostileFakeServer.json(200, "{}"));

    assertThatThrownBy(() -> client.apiRoot("http://example.org/api1/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leads off " + server.uri());
    assertThatThrownBy(() -> client.get("//example.org/x/", Map.of(), v -> v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with one '/'");
    assertThat(server.requests).isEmpty();
  }
}
