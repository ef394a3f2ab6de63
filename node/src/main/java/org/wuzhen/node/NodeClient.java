package org.wuzhen.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running node over HTTP: its URL and the user's credentials (HTTP Basic or
 * a bearer token). Picocli mixin; {@link #get} and {@link #publish} speak the node's JSON and
 * TAXII, and fail with a {@link Failure} that says what the node answered.
 */
final class NodeClient {
  static final String TAXII = "application/taxii+json;version=2.1";

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The node, e.g. http://127.0.0.1:9443/")
  URI url;

  @Option(names = "--user", paramLabel = "NAME", description = "User for HTTP Basic.")
  Optional<String> user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "Password for --user (default: the WUZHEN_PASSWORD environment variable).")
  Optional<String> password;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: the WUZHEN_TOKEN environment variable).")
  Optional<String> token;

  @Option(
      names = "--api-root",
      paramLabel = "NAME",
      defaultValue = "community",
      description = "The TAXII API root to publish in (default: ${DEFAULT-VALUE}).")
  String apiRoot;

  /** The node refused or could not be reached; the message is for the user. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private String authorization() {
    Optional<String> t = token.or(() -> Optional.ofNullable(System.getenv("WUZHEN_TOKEN")));
    if (user.isPresent()) {
      String p =
          password
              .or(() -> Optional.ofNullable(System.getenv("WUZHEN_PASSWORD")))
              .orElseThrow(
                  () -> new Failure("--password: needed with --user (or set WUZHEN_PASSWORD)"));
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user.get() + ":" + p).getBytes(StandardCharsets.UTF_8));
    }
    return "Bearer "
        + t.orElseThrow(
            () -> new Failure("give --user and --password, or --token (or WUZHEN_TOKEN)"));
  }

  private URI resolve(String path) {
    String base = url.toString().endsWith("/") ? url.toString() : url + "/";
    return URI.create(base).resolve(path);
  }

  /** GETs a {@code /wuzhen/} resource. */
  JsonObject get(String path) {
    return send(
        HttpRequest.newBuilder(resolve(path)).header("Accept", "application/json").GET(), 200);
  }

  /** POSTs objects to a collection; returns the failure messages of the TAXII status. */
  List<String> publish(String collection, List<StixObject> objects) {
    List<JsonValue> list = objects.stream().map(o -> (JsonValue) o.json()).toList();
    String body = Json.write(JsonObject.builder().put("objects", new JsonArray(list)).build());
    JsonObject status =
        send(
            HttpRequest.newBuilder(resolve(apiRoot + "/collections/" + collection + "/objects/"))
                .header("Accept", TAXII)
                .header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            202);
    List<String> failures = new ArrayList<>();
    for (JsonValue f : status.array("failures").map(JsonArray::elements).orElse(List.of())) {
      if (f instanceof JsonObject o) {
        failures.add(o.string("id").orElse("?") + ": " + o.string("message").orElse("refused"));
      }
    }
    return failures;
  }

  private JsonObject send(HttpRequest.Builder request, int expected) {
    HttpRequest r =
        request.timeout(Duration.ofSeconds(60)).header("Authorization", authorization()).build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failure("cannot reach " + r.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    }
    JsonValue body;
    try {
      body = Json.parse(response.body());
    } catch (JsonSyntaxException e) {
      throw new Failure(r.uri() + " answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() != expected || !(body instanceof JsonObject o)) {
      String description =
          body instanceof JsonObject e
              ? e.string("description").orElse(response.body())
              : response.body();
      throw new Failure(r.uri() + " answered " + response.statusCode() + ": " + description);
    }
    return o;
  }
}
