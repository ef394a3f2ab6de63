package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.governance.DetectionExclusions;
import org.wuzhen.governance.GovernanceClient;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.CollectionUrl;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * What {@code wuzhen detect} asks of one TAXII collection, with the signatures DetectCommand was
 * written against; every call goes through the one client, {@link
 * org.wuzhen.taxii.client.TaxiiClient}. Kept only until DetectCommand calls that client itself (it
 * is being reorganised), then removed.
 */
final class TaxiiClient {
  /** Posting an envelope of 1,000 sightings may take the node a while. */
  static final Duration POST_TIMEOUT = Duration.ofSeconds(120);

  /** A TAXII call that failed, with what the server said. */
  static final class TaxiiCallException extends Exception {
    private static final long serialVersionUID = 1L;

    TaxiiCallException(TaxiiClientException cause) {
      super(cause.getMessage(), cause);
    }

    TaxiiCallException(String message) {
      super(message);
    }
  }

  /** One page: its objects, whether more follow and the X-TAXII-Date-Added-Last header. */
  record Page(List<StixObject> objects, Optional<String> next, Optional<String> dateAddedLast) {}

  private final CollectionUrl collection;
  private final org.wuzhen.taxii.client.TaxiiClient reads;
  private final org.wuzhen.taxii.client.TaxiiClient posts;

  /**
   * @param collection the collection's URL, ending in {@code /collections/ID/}
   * @param authorization as {@link #authorization} made it
   */
  TaxiiClient(URI collection, Optional<String> authorization) {
    this.collection = CollectionUrl.parse(requireNonNull(collection, "collection").toString());
    Credentials credentials = credentials(authorization);
    this.reads = client(credentials, NodeOptions.REQUEST_TIMEOUT);
    this.posts = client(credentials, POST_TIMEOUT);
  }

  private org.wuzhen.taxii.client.TaxiiClient client(Credentials credentials, Duration timeout) {
    return org.wuzhen.taxii.client.TaxiiClient.builder(collection.base())
        .credentials(credentials)
        .connectTimeout(NodeOptions.CONNECT_TIMEOUT)
        .requestTimeout(timeout)
        .maxResponseBytes(NodeOptions.MAX_ANSWER_BYTES)
        .build();
  }

  /**
   * The credentials for a user and password (Basic, when a user is given) or else a token, in the
   * form DetectCommand passes on to the constructor: an Authorization header value.
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

  /** Reads back what {@link #authorization} wrote, and nothing else. */
  private static Credentials credentials(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return Credentials.none();
    }
    String value = authorization.get();
    if (value.startsWith("Bearer ")) {
      return Credentials.bearer(value.substring("Bearer ".length()));
    }
    String pair =
        new String(
            Base64.getDecoder().decode(value.substring("Basic ".length())), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return Credentials.basic(pair.substring(0, colon), pair.substring(colon + 1));
  }

  Page page(String type, Optional<String> addedAfter, Optional<String> next, int limit)
      throws TaxiiCallException {
    ObjectFilter filter = ObjectFilter.NONE.withLimit(limit).withTypes(type);
    filter = addedAfter.map(filter::withAddedAfter).orElse(filter);
    filter = next.map(filter::withNext).orElse(filter);
    ObjectsPage page;
    try {
      page = reads.objects(collection.apiRoot(), collection.collection(), filter);
    } catch (TaxiiClientException e) {
      throw new TaxiiCallException(e);
    }
    List<StixObject> objects = new ArrayList<>();
    for (int i = 0; i < page.objects().size(); i++) {
      try {
        objects.add(StixObject.from(page.objects().get(i)));
      } catch (StixFormatException e) {
        throw new TaxiiCallException("objects[" + i + "] of the page: " + e.getMessage());
      }
    }
    return new Page(objects, page.more() ? page.next() : Optional.empty(), page.dateAddedLast());
  }

  /** Posts objects in one envelope; returns the status resource. */
  JsonObject post(List<JsonObject> objects) throws TaxiiCallException {
    try {
      return posts.addObjects(collection.apiRoot(), collection.collection(), objects).toJson();
    } catch (TaxiiClientException e) {
      throw new TaxiiCallException(e);
    }
  }

  /**
   * The ids of indicators in this collection that the node's governance excludes from detection;
   * empty when the server has no such route.
   */
  Set<String> detectionExclusions() throws TaxiiCallException {
    try {
      return new HashSet<>(
          new GovernanceClient(reads)
              .detectionExclusions(collection.collection())
              .map(DetectionExclusions::ids)
              .orElse(List.of()));
    } catch (TaxiiClientException e) {
      throw new TaxiiCallException(e);
    }
  }

  /** The failures a TAXII status resource lists, each as {@code id: message}. */
  static List<String> failures(JsonObject status) {
    return StatusResource.fromJson(status).failures().stream()
        .map(StatusResource.Detail::describe)
        .toList();
  }

  @Override
  public String toString() {
    return "TaxiiClient[" + collection + "]";
  }
}
