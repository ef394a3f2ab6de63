package org.wuzhen.transparency;

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
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;

/** The auditor's view of a node's {@code /wuzhen/log/} routes over HTTP. */
final class NodeClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI node;
  private final Optional<String> token;

  NodeClient(URI node, Optional<String> token) {
    this.node = requireNonNull(node, "node");
    this.token = requireNonNull(token, "token");
  }

  JsonObject get(String path, String... params) throws AuditFailure {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < params.length; i += 2) {
      query.append(query.isEmpty() ? "?" : "&");
      query
          .append(params[i])
          .append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    URI uri = node.resolve(path + query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw AuditFailure.unreachable("GET " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditFailure("GET " + uri + ": interrupted", e);
    }
    JsonValue body;
    try {
      body = Json.parse(response.body());
    } catch (JsonSyntaxException e) {
      throw new AuditFailure("GET " + uri + ": HTTP " + response.statusCode() + ", not JSON");
    }
    if (response.statusCode() != 200 || !(body instanceof JsonObject o)) {
      String why =
          body instanceof JsonObject o
              ? o.string("description").orElse("")
              : "the answer is not a JSON object";
      throw new AuditFailure("GET " + uri + ": HTTP " + response.statusCode() + " " + why);
    }
    return o;
  }

  static List<LogHash> hashes(JsonObject o, String name) throws AuditFailure {
    List<LogHash> out = new ArrayList<>();
    JsonArray array =
        o.array(name).orElseThrow(() -> new AuditFailure("the node's answer lacks " + name));
    for (JsonValue v : array.elements()) {
      try {
        out.add(LogHash.parseHex(((org.wuzhen.stix.JsonString) v).value()));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new AuditFailure(name + ": not a list of hex hashes");
      }
    }
    return out;
  }
}
