package org.wuzhen.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
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
    Optional<String> p = password.or(() -> Optional.ofNullable(System.getenv("WUZHEN_PASSWORD")));
    if (user.isPresent() && p.isEmpty()) {
      throw new Failure("--password: needed with --user (or set WUZHEN_PASSWORD)");
    }
    return TaxiiClient.authorization(
            user, p, token.or(() -> Optional.ofNullable(System.getenv("WUZHEN_TOKEN"))))
        .orElseThrow(() -> new Failure("give --user and --password, or --token (or WUZHEN_TOKEN)"));
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
    TaxiiClient taxii =
        new TaxiiClient(
            resolve(apiRoot + "/collections/" + collection + "/"), Optional.of(authorization()));
    try {
      return TaxiiClient.failures(taxii.post(objects.stream().map(StixObject::json).toList()));
    } catch (TaxiiClient.TaxiiCallException e) {
      throw new Failure(e.getMessage());
    }
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
