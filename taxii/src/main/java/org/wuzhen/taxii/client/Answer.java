package org.wuzhen.taxii.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonLimits;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.taxii.ErrorResource;
import org.wuzhen.taxii.client.TaxiiClientException.Kind;

/** A complete answer within the client's bound, and how a call reads it. */
record Answer(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
  /** Most characters of a body that is not an error message that a failure quotes. */
  private static final int QUOTED = 300;

  /**
   * This answer when its status is one the call expects; otherwise the failure it is: a refusal
   * (4xx), a server error (5xx), or an answer the call cannot use (a redirect, another success).
   */
  Answer expect(int lowest, int highest) throws TaxiiClientException {
    if (status >= lowest && status <= highest) {
      return this;
    }
    Optional<ErrorResource> error = error();
    String said =
        error
            .map(e -> " " + e.title() + e.description().map(d -> ": " + d).orElse(""))
            .orElseGet(this::quoted);
    if (status >= 400 && status < 500) {
      throw failure(Kind.REFUSED, error, "HTTP " + status + said);
    }
    if (status >= 500) {
      throw failure(Kind.SERVER_ERROR, error, "HTTP " + status + said);
    }
    String expected = lowest == highest ? "HTTP " + lowest : "HTTP " + lowest + "-" + highest;
    String redirect =
        status >= 300
            ? headers.firstValue("Location").map(l -> " to " + l).orElse("")
                + " (redirects are not followed)"
            : "";
    throw failure(
        Kind.MALFORMED, error, "expected " + expected + ", found HTTP " + status + redirect + said);
  }

  Answer expect(int status) throws TaxiiClientException {
    return expect(status, status);
  }

  /** The body as JSON. */
  JsonValue json() throws TaxiiClientException {
    try {
      return Json.parse(body, JsonLimits.DEFAULT);
    } catch (JsonSyntaxException e) {
      throw malformed("the answer is not JSON (HTTP " + status + "): " + e.getMessage());
    }
  }

  /** The body read by a reply's strict reader, whose refusal names the member at fault. */
  <T> T read(Function<JsonValue, T> reader) throws TaxiiClientException {
    JsonValue json = json();
    try {
      return reader.apply(json);
    } catch (IllegalArgumentException | StixFormatException e) {
      throw malformed("malformed answer: " + e.getMessage());
    }
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  TaxiiClientException malformed(String detail) {
    return failure(Kind.MALFORMED, Optional.empty(), detail);
  }

  private TaxiiClientException failure(Kind kind, Optional<ErrorResource> error, String detail) {
    return new TaxiiClientException(kind, method, uri, OptionalInt.of(status), error, detail, null);
  }

  /** The TAXII error message the body holds, if it is one. */
  private Optional<ErrorResource> error() {
    try {
      return Optional.of(ErrorResource.fromJson(Json.parse(body, JsonLimits.DEFAULT)));
    } catch (JsonSyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String quoted() {
    if (body.length == 0) {
      return " (no body)";
    }
    String text = new String(body, 0, Math.min(body.length, QUOTED * 4), StandardCharsets.UTF_8);
    text = text.replaceAll("\\s+", " ").strip();
    return ": " + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text);
  }
}
