package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

/**
 * The answer of an {@link ExtensionRoute}: status, media type, body and extra headers (the
 * console's {@code Set-Cookie}, {@code Location}, {@code Content-Security-Policy}).
 */
public record ExtensionReply(
    int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";

  public ExtensionReply {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public ExtensionReply(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** This reply with one more response header ({@code ETag}). */
  public ExtensionReply withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ExtensionReply(status, contentType, body, more);
  }

  public static ExtensionReply json(int status, JsonObject body) {
    return new ExtensionReply(status, JSON, Json.writeBytes(body, false));
  }

  public static ExtensionReply text(int status, String text) {
    return new ExtensionReply(
        status, "text/plain;charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An error as the TAXII error resource (title, description, http_status) in the TAXII media type,
   * so clients read every refusal of the node the same way.
   */
  public static ExtensionReply error(int status, String title, String description) {
    return new ExtensionReply(
        status,
        MediaTypes.TAXII_21,
        Json.writeBytes(ErrorResource.of(status, title, description).toJson(), false));
  }
}
