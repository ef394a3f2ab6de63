package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import org.wuzhen.taxii.client.TaxiiClientException.Kind;

/**
 * Sends one request and reads its whole answer within the request timeout and the size bound; every
 * way that can fail becomes a {@link TaxiiClientException}. Thread-safe.
 */
final class Transport {
  /**
   * One JDK client per connect timeout and TLS setting, shared: a client owns a selector thread and
   * a connection pool, and callers (federation's log checks, say) make short-lived clients per
   * round. HTTP/1.1 and never a redirect: credentials must not follow an answer to another place.
   */
  private static final Map<Shared, HttpClient> SHARED = new ConcurrentHashMap<>();

  private record Shared(Duration connectTimeout, String tls) {}

  private final HttpClient http;
  private final Optional<String> authorization;
  private final Duration requestTimeout;
  private final long maxBytes;

  /**
   * @throws IllegalArgumentException naming a CA or client certificate file that cannot be used
   */
  Transport(
      Credentials credentials,
      ServerTrust trust,
      Duration connectTimeout,
      Duration requestTimeout,
      long maxBytes) {
    ClientTls tls =
        new ClientTls(
            trust,
            credentials instanceof Credentials.ClientCertificate c
                ? Optional.of(c)
                : Optional.empty());
    this.http =
        SHARED.computeIfAbsent(
            new Shared(connectTimeout, tls.identity()),
            key ->
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(key.connectTimeout())
                    .sslContext(tls.context())
                    .sslParameters(tls.parameters())
                    .build());
    this.authorization = authorization(credentials);
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    this.maxBytes = maxBytes;
  }

  private static Optional<String> authorization(Credentials credentials) {
    return switch (credentials) {
      case Credentials.None n -> Optional.empty();
      case Credentials.Basic b ->
          Optional.of(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (b.user() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)));
      case Credentials.Bearer t -> Optional.of("Bearer " + t.token());
      case Credentials.ClientCertificate c -> Optional.empty(); // shown in the handshake
    };
  }

  /**
   * Sends a request and reads the answer, whatever its status.
   *
   * @param body the request body with its media type, or empty for none
   */
  Answer send(String method, URI uri, String accept, Optional<Body> body)
      throws TaxiiClientException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", accept);
    authorization.ifPresent(a -> request.header("Authorization", a));
    if (body.isPresent()) {
      request.header("Content-Type", body.get().mediaType());
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(body.get().bytes()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    // The request timeout bounds the answer's head; the body gets what is left of it.
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    HttpResponse<BoundedBody.Result> response;
    try {
      // send, not sendAsync: the latter completes its future on the common fork-join pool, which
      // a busy application (one worker on two cores) can leave stalled for good.
      response = http.send(request.build(), BoundedBody.handler(maxBytes, deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(Kind.UNREACHABLE, method, uri, "interrupted", e);
    } catch (IOException e) {
      throw failed(method, uri, e);
    }
    OptionalInt status = OptionalInt.of(response.statusCode());
    return switch (response.body()) {
      case BoundedBody.Result.Complete c ->
          new Answer(method, uri, response.statusCode(), response.headers(), c.bytes());
      case BoundedBody.Result.TooLarge t ->
          throw new TaxiiClientException(
              Kind.TOO_LARGE,
              method,
              uri,
              status,
              Optional.empty(),
              (t.declared()
                      ? "an answer of " + t.length() + " bytes"
                      : "the answer (more than " + maxBytes + " bytes; reading stopped there)")
                  + " is over the bound of "
                  + maxBytes
                  + " bytes",
              null);
      case BoundedBody.Result.TimedOut t ->
          throw new TaxiiClientException(
              Kind.TIMED_OUT,
              method,
              uri,
              status,
              Optional.empty(),
              "no complete answer within "
                  + requestTimeout
                  + " (HTTP "
                  + response.statusCode()
                  + ", "
                  + t.received()
                  + " bytes of the body had arrived)",
              null);
    };
  }

  /** A request body and its media type. */
  record Body(byte[] bytes, String mediaType) {}

  private TaxiiClientException failed(String method, URI uri, IOException cause) {
    return switch (cause) {
      case HttpConnectTimeoutException e ->
          failure(Kind.TIMED_OUT, method, uri, "could not connect within the connect timeout", e);
      case HttpTimeoutException e ->
          failure(Kind.TIMED_OUT, method, uri, "no answer within " + requestTimeout, e);
      case ConnectException e ->
          failure(Kind.UNREACHABLE, method, uri, "cannot connect: " + describe(e), e);
      case SSLHandshakeException e ->
          failure(
              Kind.UNREACHABLE,
              method,
              uri,
              "the TLS handshake failed: "
                  + describe(e)
                  + " (is the node's certificate valid, for this host name, and issued by a CA"
                  + " this client trusts? a community CA is given with --ca-file or ca_file)",
              e);
      default ->
          failure(
              Kind.UNREACHABLE, method, uri, "the connection failed: " + describe(cause), cause);
    };
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  private static TaxiiClientException failure(
      Kind kind, String method, URI uri, String detail, Throwable cause) {
    return new TaxiiClientException(
        kind, method, uri, OptionalInt.empty(), Optional.empty(), detail, cause);
  }
}
