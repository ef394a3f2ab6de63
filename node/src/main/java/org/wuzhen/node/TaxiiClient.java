package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * The few TAXII 2.1 client calls the command line needs against one collection: page through its
 * objects (with {@code added_after} and {@code next}) and post an envelope. Bounded: a page larger
 * than {@link #MAX_PAGE_BYTES} is refused.
 */
final class TaxiiClient {
  static final String TAXII = "application/taxii+json;version=2.1";
  static final long MAX_PAGE_BYTES = 256L << 20;

  /** A TAXII call that failed, with what the server said. */
  static final class TaxiiCallException extends Exception {
    private static final long serialVersionUID = 1L;

    TaxiiCallException(String message) {
      super(message);
    }
  }

  /** One page: its objects, whether more follow and the X-TAXII-Date-Added-Last header. */
  record Page(List<StixObject> objects, Optional<String> next, Optional<String> dateAddedLast) {}

  private final URI collection;
  private final Optional<String> authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param collection the collection's URL, ending in {@code /collections/ID/}
   */
  TaxiiClient(URI collection, Optional<String> authorization) {
    requireNonNull(collection, "collection");
    String text = collection.toString();
    if (!text.endsWith("/")) {
      text += "/";
    }
    if (!text.matches("https?://.+/collections/[^/]+/")) {
      throw new IllegalArgumentException(
          "expected a TAXII collection URL like http://host/api/collections/ID/, found '"
              + collection
              + "'");
    }
    this.collection = URI.create(text);
    this.authorization = requireNonNull(authorization, "authorization");
  }

  /**
   * The Authorization header for a user and password (Basic, when a user is given) or else a token
   * (Bearer); empty when neither is.
   */
  static Optional<String> authorization(
      Optional<String> user, Optional<String> password, Optional<String> token) {
    if (user.isPresent()) {
      String pair = user.get() + ":" + password.orElse("");
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return token.map(t -> "Bearer " + t);
  }

  /** Every object of the collection of the given type added after {@code addedAfter}. */
  List<StixObject> all(String type, Optional<String> addedAfter, int limit)
      throws TaxiiCallException {
    List<StixObject> out = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Page page = page(type, addedAfter, next, limit);
      out.addAll(page.objects());
      next = page.next();
    } while (next.isPresent());
    return out;
  }

  Page page(String type, Optional<String> addedAfter, Optional<String> next, int limit)
      throws TaxiiCallException {
    StringBuilder query = new StringBuilder("objects/?limit=").append(limit);
    query.append("&match%5Btype%5D=").append(encode(type));
    addedAfter.ifPresent(a -> query.append("&added_after=").append(encode(a)));
    next.ifPresent(n -> query.append("&next=").append(encode(n)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(collection.resolve(query.toString()))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", TAXII)
            .GET();
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpResponse<byte[]> response = send(request.build());
    if (response.statusCode() != 200) {
      throw failure("GET", response);
    }
    JsonObject envelope = envelope(response.body());
    List<StixObject> objects = new ArrayList<>();
    JsonArray array = envelope.array("objects").orElse(JsonArray.EMPTY);
    for (int i = 0; i < array.size(); i++) {
      try {
        objects.add(StixObject.from(array.get(i)));
      } catch (StixFormatException e) {
        throw new TaxiiCallException("objects[" + i + "] of the page: " + e.getMessage());
      }
    }
    boolean more = envelope.get("more").map(v -> Json.write(v).equals("true")).orElse(false);
    return new Page(
        objects,
        more ? envelope.string("next") : Optional.empty(),
        response.headers().firstValue("X-TAXII-Date-Added-Last"));
  }

  /** Posts objects in one envelope; returns the status resource. */
  JsonObject post(List<JsonObject> objects) throws TaxiiCallException {
    String body =
        Json.write(
            JsonObject.builder().put("objects", new JsonArray(List.copyOf(objects))).build());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(collection.resolve("objects/"))
            .timeout(Duration.ofSeconds(120))
            .header("Accept", TAXII)
            .header("Content-Type", TAXII)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpResponse<byte[]> response = send(request.build());
    if (response.statusCode() != 202) {
      throw failure("POST", response);
    }
    return envelope(response.body());
  }

  /**
   * The ids of indicators in this collection that the node's governance excludes from detection
   * ({@code GET /wuzhen/detection/exclusions/?collection=ID}); empty when the server has no such
   * route (a TAXII server that is not a Wuzhen node, or one without governance).
   */
  Set<String> detectionExclusions() throws TaxiiCallException {
    String path = collection.getPath();
    String id = path.substring(path.lastIndexOf('/', path.length() - 2) + 1, path.length() - 1);
    URI uri = collection.resolve("/wuzhen/detection/exclusions/?collection=" + encode(id));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json")
            .GET();
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpResponse<byte[]> response = send(request.build());
    if (response.statusCode() == 404 || response.statusCode() == 405) {
      return Set.of();
    }
    if (response.statusCode() != 200) {
      throw failure("GET", response);
    }
    Set<String> out = new HashSet<>();
    for (JsonValue v :
        envelope(response.body()).array("excluded").orElse(JsonArray.EMPTY).elements()) {
      if (v instanceof JsonObject o && o.string("id").isPresent()) {
        out.add(o.string("id").get());
      }
    }
    return out;
  }

  /** The failures a TAXII status resource lists, each as {@code id: message}. */
  static List<String> failures(JsonObject status) {
    List<String> out = new ArrayList<>();
    for (JsonValue f : status.array("failures").orElse(JsonArray.EMPTY).elements()) {
      if (f instanceof JsonObject o) {
        out.add(o.string("id").orElse("?") + ": " + o.string("message").orElse("no reason given"));
      }
    }
    return out;
  }

  URI collection() {
    return collection;
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws TaxiiCallException {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.body().length > MAX_PAGE_BYTES) {
        throw new TaxiiCallException(
            request.uri() + ": answer of " + response.body().length + " bytes is too large");
      }
      return response;
    } catch (IOException e) {
      throw new TaxiiCallException(request.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaxiiCallException(request.uri() + ": interrupted");
    }
  }

  private static JsonObject envelope(byte[] body) throws TaxiiCallException {
    try {
      JsonValue v = Json.parse(new String(body, StandardCharsets.UTF_8));
      if (v instanceof JsonObject o) {
        return o;
      }
      throw new TaxiiCallException("the server answered JSON that is not an object");
    } catch (JsonSyntaxException e) {
      throw new TaxiiCallException("the server answered invalid JSON: " + e.getMessage());
    }
  }

  private static TaxiiCallException failure(String method, HttpResponse<byte[]> response) {
    String detail = new String(response.body(), StandardCharsets.UTF_8);
    try {
      if (Json.parse(detail) instanceof JsonObject o) {
        detail = o.string("description").or(() -> o.string("title")).orElse(detail);
      }
    } catch (JsonSyntaxException e) {
      // not a TAXII error resource: show the text as it came
    }
    if (detail.length() > 300) {
      detail = detail.substring(0, 300) + "...";
    }
    return new TaxiiCallException(
        method + " " + response.uri() + " answered " + response.statusCode() + ": " + detail);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
