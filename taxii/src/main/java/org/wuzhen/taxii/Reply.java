package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

/**
 * One HTTP response before it is written: status, extra headers and a TAXII JSON body (empty for
 * none). Every body is {@link MediaTypes#TAXII_21}.
 */
record Reply(int status, Map<String, String> headers, byte[] body) {
  Reply {
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
  }

  static Reply json(int status, JsonObject body) {
    return new Reply(status, Map.of(), Json.writeBytes(body, false));
  }

  static Reply json(int status, String bodyText, Map<String, String> headers) {
    return new Reply(status, headers, bodyText.getBytes(StandardCharsets.UTF_8));
  }

  static Reply empty(int status) {
    return new Reply(status, Map.of(), new byte[0]);
  }

  /** The TAXII error resource (§3.6.1) for a refused request; http_status is a string. */
  static Reply error(TaxiiError error) {
    JsonObject body = ErrorResource.of(error.status(), error.title(), error.description()).toJson();
    return new Reply(error.status(), error.headers(), Json.writeBytes(body, false));
  }

  /** The X-TAXII-Date-Added-First / -Last headers of a non-empty page (§3.4). */
  static Map<String, String> dateAddedHeaders(long firstMicros, long lastMicros) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-TAXII-Date-Added-First", Timestamps.formatMicros(firstMicros));
    h.put("X-TAXII-Date-Added-Last", Timestamps.formatMicros(lastMicros));
    return h;
  }
}
