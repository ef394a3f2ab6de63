package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonLimits;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;

/**
 * A client of a node's {@code /wuzhen/log/} routes (auditors, federation peers). Every answer is
 * bounded: connect and request timeouts, and an answer over {@code maxBytes} is refused without
 * reading the rest. Paths are resolved against the node's URL, so an API root URL works too.
 * Thread-safe.
 */
public final class LogClient {
  /** Bound of one answer unless told otherwise: heads and proofs are a few kilobytes. */
  public static final long DEFAULT_MAX_BYTES = 4L << 20;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final URI node;
  private final Optional<String> token;
  private final long maxBytes;

  public LogClient(URI node, Optional<String> token, long maxBytes) {
    this.node = requireNonNull(node, "node");
    this.token = requireNonNull(token, "token");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: not positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  LogClient(URI node, Optional<String> token) {
    this(node, token, DEFAULT_MAX_BYTES);
  }

  /** The node's latest signed head, parsed (not verified). */
  public TreeHead head() throws AuditFailure {
    return parseHead(get("/wuzhen/log/head/"), "the node's tree head");
  }

  /** The node's log key as it publishes it (base64 SPKI), checked to be an Ed25519 key. */
  public String publicKey() throws AuditFailure {
    String text = field(get("/wuzhen/log/key/"), "public_key");
    key(text);
    return text;
  }

  /** A base64 SPKI Ed25519 key, or a failure naming the node's answer. */
  static PublicKey key(String base64) throws AuditFailure {
    try {
      return Ed25519Keys.parsePublic(base64, "node key");
    } catch (IllegalArgumentException e) {
      throw new AuditFailure("the node's key is not an Ed25519 public key");
    }
  }

  /** RFC 9162 consistency proof between two sizes the node has signed. */
  public List<LogHash> consistencyProof(long first, long second) throws AuditFailure {
    return hashes(
        get(
            "/wuzhen/log/proof/consistency/",
            "first",
            Long.toString(first),
            "second",
            Long.toString(second)),
        "consistency_path");
  }

  /** As {@link #get}, but empty when the node does not serve the path (HTTP 404). */
  public Optional<JsonObject> find(String path) throws AuditFailure {
    return send(path, new String[0], true);
  }

  public JsonObject get(String path, String... params) throws AuditFailure {
    return send(path, params, false).orElseThrow();
  }

  private Optional<JsonObject> send(String path, String[] params, boolean absentIsEmpty)
      throws AuditFailure {
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
    HttpResponse<InputStream> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw AuditFailure.unreachable("GET " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AuditFailure.unreachable("GET " + uri + ": interrupted", e);
    }
    int status = response.statusCode();
    byte[] bytes = readBounded(uri, response);
    if (status == 404 && absentIsEmpty) {
      return Optional.empty();
    }
    JsonValue body;
    try {
      body = Json.parse(bytes, JsonLimits.DEFAULT);
    } catch (JsonSyntaxException e) {
      body = null;
    }
    if (status == 200 && body instanceof JsonObject o) {
      return Optional.of(o);
    }
    String why =
        body instanceof JsonObject o
            ? o.string("description").orElse("")
            : body == null ? "not JSON" : "the answer is not a JSON object";
    String message = "GET " + uri + ": HTTP " + status + " " + why;
    if (status >= 500) {
      throw AuditFailure.unreachable(message, null);
    }
    if (status >= 400) {
      throw AuditFailure.refused(message);
    }
    throw new AuditFailure(message);
  }

  private byte[] readBounded(URI uri, HttpResponse<InputStream> response) throws AuditFailure {
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = response.body()) {
      if (declared > maxBytes) {
        throw new AuditFailure(
            "GET "
                + uri
                + ": an answer of "
                + declared
                + " bytes is over the bound of "
                + maxBytes);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new AuditFailure("GET " + uri + ": the answer is over the bound of " + maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw AuditFailure.unreachable("GET " + uri + ": reading the answer failed: " + e, e);
    }
  }

  /** A head as the node serves it, or a failure saying where it is malformed. */
  public static TreeHead parseHead(JsonValue json, String what) throws AuditFailure {
    try {
      return TreeHead.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new AuditFailure(what + " is malformed: " + e.getMessage());
    }
  }

  static String field(JsonObject o, String name) throws AuditFailure {
    try {
      return TreeHead.string(o, name);
    } catch (IllegalArgumentException e) {
      throw new AuditFailure("the node's answer is malformed: " + e.getMessage());
    }
  }

  static List<LogHash> hashes(JsonObject o, String name) throws AuditFailure {
    List<LogHash> out = new ArrayList<>();
    JsonArray array =
        o.array(name).orElseThrow(() -> new AuditFailure("the node's answer lacks " + name));
    for (JsonValue v : array.elements()) {
      try {
        out.add(LogHash.parseHex(((JsonString) v).value()));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new AuditFailure(name + ": not a list of hex hashes");
      }
    }
    return out;
  }
}
