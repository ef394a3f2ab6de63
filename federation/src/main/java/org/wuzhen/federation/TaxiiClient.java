package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonLimits;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;

/**
 * A TAXII 2.1 client for one peer's API root, just what pulling needs: one page of a collection's
 * objects (§5.4) with {@code added_after}, {@code next} and {@code limit}. Every answer is bounded:
 * connect and request timeouts, and a page larger than {@code maxPageBytes} is refused without
 * reading the rest. Thread-safe.
 */
final class TaxiiClient {
  static final String ACCEPT = "application/taxii+json;version=2.1";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final long DEFAULT_MAX_PAGE_BYTES = 64L << 20;

  /** One envelope: the objects as JSON values (validated by the caller), and where to go next. */
  /**
   * @param texts each object's exact text as received, in the order of {@code objects} (the node
   *     stores it as is instead of serialising the object again)
   */
  record Page(
      List<JsonValue> objects,
      List<String> texts,
      boolean more,
      Optional<String> next,
      Optional<String> dateAddedLast) {
    Page {
      objects = List.copyOf(objects);
      texts = List.copyOf(texts);
      requireNonNull(next, "next");
      requireNonNull(dateAddedLast, "dateAddedLast");
      if (texts.size() != objects.size()) {
        throw new IllegalArgumentException(
            texts.size() + " texts for " + objects.size() + " objects");
      }
    }
  }

  private final HttpClient http;
  private final long maxPageBytes;

  TaxiiClient(long maxPageBytes) {
    this.maxPageBytes = maxPageBytes;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Page objects(
      Peer peer, String collection, Optional<String> addedAfter, Optional<String> next, int limit)
      throws PullException {
    StringBuilder query = new StringBuilder("limit=").append(limit);
    addedAfter.ifPresent(a -> query.append("&added_after=").append(encode(a)));
    next.ifPresent(n -> query.append("&next=").append(encode(n)));
    URI uri = peer.apiRoot().resolve("collections/" + collection + "/objects/?" + query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).header("Accept", ACCEPT);
    switch (peer.credentials()) {
      case Peer.Credentials.None n -> {}
      case Peer.Credentials.Basic b ->
          request.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (b.user() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)));
      case Peer.Credentials.Bearer t -> request.header("Authorization", "Bearer " + t.token());
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new PullException("GET " + uri + ": timed out", e);
    } catch (IOException e) {
      throw new PullException("GET " + uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PullException("GET " + uri + ": interrupted", e);
    }
    byte[] body = readBounded(uri, response);
    int status = response.statusCode();
    if (status != 200) {
      throw new PullException(
          "GET " + uri + ": HTTP " + status + errorDescription(body).map(d -> ": " + d).orElse(""));
    }
    return parse(uri, body, response.headers().firstValue("X-TAXII-Date-Added-Last"));
  }

  private byte[] readBounded(URI uri, HttpResponse<InputStream> response) throws PullException {
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = response.body()) {
      if (declared > maxPageBytes) {
        throw new PullException(
            "GET " + uri + ": page of " + declared + " bytes is over the bound of " + maxPageBytes);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxPageBytes + 1));
      if (bytes.length > maxPageBytes) {
        throw new PullException(
            "GET " + uri + ": page is over the bound of " + maxPageBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new PullException("GET " + uri + ": reading the answer failed: " + describe(e), e);
    }
  }

  private static Page parse(URI uri, byte[] body, Optional<String> dateAddedLast)
      throws PullException {
    JsonValue value;
    try {
      value = Json.parse(body, JsonLimits.DEFAULT);
    } catch (JsonSyntaxException e) {
      throw new PullException("GET " + uri + ": not JSON: " + e.getMessage(), e);
    }
    if (!(value instanceof JsonObject envelope)) {
      throw new PullException("GET " + uri + ": expected a TAXII envelope, found " + value.kind());
    }
    List<JsonValue> objects = List.of();
    Optional<JsonValue> list = envelope.get("objects");
    if (list.isPresent()) {
      if (!(list.get() instanceof JsonArray array)) {
        throw new PullException("GET " + uri + ": envelope.objects is not a list");
      }
      objects = array.elements();
    }
    boolean more =
        envelope.get("more").orElse(JsonBoolean.FALSE) instanceof JsonBoolean b && b.value();
    Optional<String> next = envelope.string("next");
    if (more && next.isEmpty()) {
      throw new PullException("GET " + uri + ": envelope.more is true without next");
    }
    List<String> texts = new ArrayList<>(objects.size());
    if (!objects.isEmpty()) {
      for (byte[] text : Json.arrayElementTexts(body, "objects")) {
        texts.add(new String(text, StandardCharsets.UTF_8));
      }
    }
    return new Page(objects, texts, more, next, dateAddedLast);
  }

  private static Optional<String> errorDescription(byte[] body) {
    try {
      if (Json.parse(body, JsonLimits.DEFAULT) instanceof JsonObject o) {
        return o.string("title")
            .map(t -> t + o.string("description").map(d -> " (" + d + ")").orElse(""));
      }
    } catch (JsonSyntaxException e) {
      // Not a TAXII error resource; the status says enough.
    }
    return Optional.empty();
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
