package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;

/** One member's user talking to the node over real HTTP on loopback. */
final class Client {
  static final String TAXII = "application/taxii+json;version=2.1";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final String authorization;

  Client(URI base, String user, String password) {
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs objects to a collection; returns the failure messages of the status resource. */
  List<String> publish(CollectionId collection, StixObject... objects) {
    StringBuilder body = new StringBuilder("{\"objects\":[");
    for (int i = 0; i < objects.length; i++) {
      body.append(i == 0 ? "" : ",").append(objects[i].toJson());
    }
    body.append("]}");
    HttpRequest r =
        request("api1/collections/" + collection + "/objects/", TAXII)
            .header("Content-Type", TAXII)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    JsonObject status = send(r, 202);
    List<String> failures = new ArrayList<>();
    for (JsonValue f : status.array("failures").map(a -> a.elements()).orElse(List.of())) {
      failures.add(((JsonObject) f).string("message").orElse(""));
    }
    return failures;
  }

  JsonObject get(String path) {
    return send(request(path, "application/json").GET().build(), 200);
  }

  /** Polls until GET {@code path} answers {@code expected}, for at most ten seconds. */
  void awaitStatus(String path, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (status(path) != expected) {
      assertThat(System.nanoTime() - deadline)
          .as("GET %s never answered %d", path, expected)
          .isNegative();
    }
  }

  int status(String path) {
    try {
      return HTTP.send(request(path, TAXII).GET().build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path, String accept) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", accept)
        .header("Authorization", authorization);
  }

  private static JsonObject send(HttpRequest r, int expected) {
    try {
      HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("%s %s: %s", r.method(), r.uri(), response.body())
          .isEqualTo(expected);
      return (JsonObject) Json.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
