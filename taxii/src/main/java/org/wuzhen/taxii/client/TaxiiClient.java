package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.taxii.ApiRootResource;
import org.wuzhen.taxii.CollectionResource;
import org.wuzhen.taxii.CollectionsResource;
import org.wuzhen.taxii.DiscoveryResource;
import org.wuzhen.taxii.StatusResource;

/**
 * A client of one TAXII 2.1 server, and of a Wuzhen node's {@code /wuzhen/} routes, over the JDK
 * HTTP client. Every call is bounded: a connect timeout, a request timeout that covers the whole
 * answer, and a size bound that is enforced while the answer streams in (see {@link
 * Builder#maxResponseBytes}). Redirects are never followed. Every failure is a {@link
 * TaxiiClientException}. Thread-safe and cheap to make.
 *
 * <p>TAXII calls name the API root by its path below the base URL ({@code "api1/"}); {@code ""}
 * when the base URL is itself an API root's. Node routes are paths from the server's root ({@code
 * "/wuzhen/log/head/"}), so they work from either kind of base URL.
 */
public final class TaxiiClient {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

  /** Arrays cannot be larger, so neither can a bound. */
  public static final long LARGEST_MAX_RESPONSE_BYTES = Integer.MAX_VALUE - 8;

  static final String TAXII_21 = "application/taxii+json;version=2.1";
  private static final String JSON = "application/json";

  private final URI base;
  private final Transport transport;

  private TaxiiClient(Builder b) {
    this.base = b.base;
    this.transport =
        new Transport(b.credentials, b.trust, b.connectTimeout, b.requestTimeout, b.maxBytes);
  }

  /**
   * A builder for a client of the server at {@code base}: a node's URL ({@code http://host:9443/})
   * or an API root's.
   *
   * @throws IllegalArgumentException when {@code base} is not an absolute http(s) URL
   */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /** The base URL, ending in {@code /}. */
  public URI baseUri() {
    return base;
  }

  /** §4.1 {@code GET /taxii2/}. */
  public DiscoveryResource discovery() throws TaxiiClientException {
    return taxii("GET", base.resolve("/taxii2/"), 200).read(DiscoveryResource::fromJson);
  }

  /** §4.2 the API root's description. */
  public ApiRootResource apiRoot(String apiRoot) throws TaxiiClientException {
    return taxii("GET", at(apiRoot, ""), 200).read(ApiRootResource::fromJson);
  }

  /** §5.1 the collections the caller can see. */
  public List<CollectionResource> collections(String apiRoot) throws TaxiiClientException {
    return taxii("GET", at(apiRoot, "collections/"), 200)
        .read(CollectionsResource::fromJson)
        .collections();
  }

  /** §5.2 one collection. */
  public CollectionResource collection(String apiRoot, String collection)
      throws TaxiiClientException {
    return taxii("GET", collectionAt(apiRoot, collection, ""), 200)
        .read(CollectionResource::fromJson);
  }

  /** §5.4 one page of a collection's objects. */
  public ObjectsPage objects(String apiRoot, String collection, ObjectFilter filter)
      throws TaxiiClientException {
    return ObjectsPage.read(
        taxii("GET", collectionAt(apiRoot, collection, "objects/", filter.query()), 200));
  }

  /** §5.6 one object: its versions that {@code filter} selects (by default the latest). */
  public ObjectsPage object(String apiRoot, String collection, String objectId, ObjectFilter filter)
      throws TaxiiClientException {
    return ObjectsPage.read(
        taxii("GET", objectAt(apiRoot, collection, objectId, "", filter.query()), 200));
  }

  /** §5.8 one page of an object's versions. */
  public VersionsPage versions(
      String apiRoot, String collection, String objectId, ObjectFilter filter)
      throws TaxiiClientException {
    return VersionsPage.read(
        taxii("GET", objectAt(apiRoot, collection, objectId, "versions/", filter.query()), 200));
  }

  /** §5.3 one page of a collection's manifest. */
  public ManifestPage manifest(String apiRoot, String collection, ObjectFilter filter)
      throws TaxiiClientException {
    return ManifestPage.read(
        taxii("GET", collectionAt(apiRoot, collection, "manifest/", filter.query()), 200));
  }

  /**
   * §5.5 adds objects in one envelope; the answer is the status resource, whose failures say which
   * objects the server refused and why.
   */
  public StatusResource addObjects(
      String apiRoot, String collection, List<? extends JsonValue> objects)
      throws TaxiiClientException {
    byte[] envelope =
        Json.writeBytes(
            JsonObject.builder().put("objects", new JsonArray(List.copyOf(objects))).build(),
            false);
    URI uri = collectionAt(apiRoot, collection, "objects/", "");
    return transport
        .send("POST", uri, TAXII_21, Optional.of(new Transport.Body(envelope, TAXII_21)))
        .expect(202)
        .read(StatusResource::fromJson);
  }

  /** §4.3 a status resource by its id. */
  public StatusResource status(String apiRoot, String statusId) throws TaxiiClientException {
    return taxii("GET", at(apiRoot, "status/" + segment(statusId) + "/"), 200)
        .read(StatusResource::fromJson);
  }

  /**
   * §5.7 deletes an object: every version, or those {@code filter}'s {@code match[version]} and
   * {@code match[spec_version]} select (the only filters a delete takes).
   *
   * @throws IllegalArgumentException when {@code filter} has other parameters
   */
  public void deleteObject(String apiRoot, String collection, String objectId, ObjectFilter filter)
      throws TaxiiClientException {
    if (!filter.onlyVersions()) {
      throw new IllegalArgumentException(
          "filter: a delete takes only match[version] and match[spec_version]");
    }
    taxii("DELETE", objectAt(apiRoot, collection, objectId, "", filter.query()), 200);
  }

  /**
   * GETs a node route and reads the answer with {@code reply}, a reply record's strict {@code
   * fromJson}; its refusal becomes a {@link TaxiiClientException.Kind#MALFORMED} failure.
   *
   * @param path from the server's root, e.g. {@code /wuzhen/charter/}
   * @param query URL parameters, sent in name order
   */
  public <T> T get(String path, Map<String, String> query, Function<JsonValue, T> reply)
      throws TaxiiClientException {
    return transport
        .send("GET", route(path, query), JSON, Optional.empty())
        .expect(200)
        .read(reply);
  }

  /** As {@link #get}, but empty when the server answers 404 (it has no such resource). */
  public <T> Optional<T> find(String path, Map<String, String> query, Function<JsonValue, T> reply)
      throws TaxiiClientException {
    Answer answer = transport.send("GET", route(path, query), JSON, Optional.empty());
    if (answer.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(answer.expect(200).read(reply));
  }

  /** POSTs a JSON body to a node route; any 2xx answer is read with {@code reply}. */
  public <T> T post(String path, JsonValue body, Function<JsonValue, T> reply)
      throws TaxiiClientException {
    Transport.Body json = new Transport.Body(Json.writeBytes(body, false), JSON);
    return transport
        .send("POST", route(path, Map.of()), JSON, Optional.of(json))
        .expect(200, 299)
        .read(reply);
  }

  @Override
  public String toString() {
    return "TaxiiClient[" + base + "]";
  }

  private Answer taxii(String method, URI uri, int expected) throws TaxiiClientException {
    return transport.send(method, uri, TAXII_21, Optional.empty()).expect(expected);
  }

  private URI collectionAt(String apiRoot, String collection, String below, String query) {
    return at(apiRoot, "collections/" + segment(collection) + "/" + below + question(query));
  }

  private URI collectionAt(String apiRoot, String collection, String below) {
    return collectionAt(apiRoot, collection, below, "");
  }

  private URI objectAt(
      String apiRoot, String collection, String objectId, String below, String query) {
    return collectionAt(apiRoot, collection, "objects/" + segment(objectId) + "/" + below, query);
  }

  /** A path below an API root; the root may not lead off this server. */
  private URI at(String apiRoot, String path) {
    requireNonNull(apiRoot, "apiRoot");
    String root = apiRoot.isEmpty() || apiRoot.endsWith("/") ? apiRoot : apiRoot + "/";
    URI uri;
    try {
      uri = base.resolve(root + path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("apiRoot: not a path: '" + apiRoot + "'", e);
    }
    if (!sameServer(uri)) {
      // Credentials go only where the client was built for.
      throw new IllegalArgumentException("apiRoot: '" + apiRoot + "' leads off " + base);
    }
    return uri;
  }

  private URI route(String path, Map<String, String> query) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("path: must start with one '/': '" + path + "'");
    }
    StringBuilder q = new StringBuilder();
    new TreeMap<>(query)
        .forEach(
            (name, value) ->
                q.append(q.isEmpty() ? "" : "&").append(ObjectFilter.parameter(name, value)));
    try {
      return base.resolve(path + question(q.toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("path: not a path: '" + path + "'", e);
    }
  }

  private boolean sameServer(URI uri) {
    return base.getScheme().equals(uri.getScheme())
        && base.getRawAuthority().equals(uri.getRawAuthority());
  }

  private static String question(String query) {
    return query.isEmpty() ? "" : "?" + query;
  }

  /** One path segment, percent-encoded. */
  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Builds a client; every setting has a default but the base URL. Not thread-safe. */
  public static final class Builder {
    private final URI base;
    private Credentials credentials = Credentials.none();
    private ServerTrust trust = ServerTrust.system();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private long maxBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private Builder(URI base) {
      requireNonNull(base, "base");
      if (!base.isAbsolute()
          || base.getHost() == null
          || !List.of("http", "https").contains(base.getScheme())
          || base.getRawQuery() != null
          || base.getRawFragment() != null) {
        throw new IllegalArgumentException("not an absolute http(s) URL: '" + base + "'");
      }
      String text = base.toString();
      this.base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The CAs a node's certificate may come from (default {@link ServerTrust#system()}); only for
     * {@code https} URLs.
     */
    public Builder trust(ServerTrust trust) {
      this.trust = requireNonNull(trust, "trust");
      return this;
    }

    /** How long making a connection may take (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * How long one call may take from sending the request to the last byte of the answer (default
     * {@link #DEFAULT_REQUEST_TIMEOUT}).
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /**
     * The most bytes one answer may have (default {@link #DEFAULT_MAX_RESPONSE_BYTES}): a larger
     * declared Content-Length is refused before the body is read, and a body without one is read no
     * further than the bound.
     */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1 || bytes > LARGEST_MAX_RESPONSE_BYTES) {
        throw new IllegalArgumentException(
            "maxResponseBytes: " + bytes + " is not in 1.." + LARGEST_MAX_RESPONSE_BYTES);
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalArgumentException when a client certificate is given for an {@code http} URL,
     *     or a CA or certificate file cannot be used (naming it)
     */
    public TaxiiClient build() {
      if (credentials instanceof Credentials.ClientCertificate
          && !base.getScheme().equals("https")) {
        throw new IllegalArgumentException(
            "a client certificate is shown only over TLS; the URL must be https: '" + base + "'");
      }
      return new TaxiiClient(this);
    }

    private static Duration positive(String name, Duration d) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": must be positive, was " + d);
      }
      return d;
    }
  }
}
