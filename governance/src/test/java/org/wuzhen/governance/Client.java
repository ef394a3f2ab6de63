package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * One member's user talking to the node over real HTTP on loopback, through the node's one client.
 * Answers are read as raw JSON here: these tests check what the routes write.
 */
final class Client {
  private final TaxiiClient client;

  Client(URI base, String user, String password) {
    this.client = TaxiiClient.builder(base).credentials(Credentials.basic(user, password)).build();
  }

  /** The typed governance calls, as the command line makes them. */
  GovernanceClient governance() {
    return new GovernanceClient(client);
  }

  /** POSTs objects to a collection; returns the failure messages of the status resource. */
  List<String> publish(CollectionId collection, StixObject... objects) {
    try {
      StatusResource status =
          client.addObjects(
              "api1", collection.toString(), Arrays.stream(objects).map(StixObject::json).toList());
      return status.failures().stream().map(f -> f.message().orElse("")).toList();
    } catch (TaxiiClientException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** GETs a node route ({@code wuzhen/...}, with its query) as raw JSON; it must answer 200. */
  JsonObject get(String path) {
    try {
      return route(path, v -> (JsonObject) v);
    } catch (TaxiiClientException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The HTTP status a node route answers. */
  int status(String path) {
    try {
      route(path, v -> v);
      return 200;
    } catch (TaxiiClientException e) {
      return e.status().orElseThrow(() -> new AssertionError(e.getMessage(), e));
    }
  }

  /** The HTTP status of reading a collection's objects. */
  int objectsStatus(CollectionId collection) {
    try {
      client.objects("api1", collection.toString(), ObjectFilter.NONE);
      return 200;
    } catch (TaxiiClientException e) {
      return e.status().orElseThrow(() -> new AssertionError(e.getMessage(), e));
    }
  }

  /** Polls until reading a collection's objects answers {@code expected}, for at most 10 s. */
  void awaitObjectsStatus(CollectionId collection, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (objectsStatus(collection) != expected) {
      assertThat(System.nanoTime() - deadline)
          .as("reading %s never answered %d", collection, expected)
          .isNegative();
    }
  }

  private <T> T route(String path, java.util.function.Function<JsonValue, T> reply)
      throws TaxiiClientException {
    int q = path.indexOf('?');
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return client.get("/" + (q >= 0 ? path.substring(0, q) : path), query, reply);
  }
}
