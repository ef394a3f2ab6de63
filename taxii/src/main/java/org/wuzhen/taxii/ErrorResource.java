package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The TAXII error message (§3.6.1) every refusal of the node is written as, TAXII routes and {@code
 * /wuzhen/} routes alike, and that clients read back.
 *
 * @param httpStatus the status as TAXII writes it, a string
 */
public record ErrorResource(
    String title, Optional<String> description, Optional<String> httpStatus) {
  public ErrorResource {
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(httpStatus, "httpStatus");
  }

  /** The error of an answer with this status. */
  public static ErrorResource of(int status, String title, String description) {
    return new ErrorResource(
        title, Optional.of(description), Optional.of(Integer.toString(status)));
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("title", title);
    description.ifPresent(d -> b.put("description", d));
    httpStatus.ifPresent(s -> b.put("http_status", s));
    return b.build();
  }

  /**
   * Reads an error message; {@code title} is the one member TAXII requires.
   *
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static ErrorResource fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    return new ErrorResource(
        f.string("title"), f.optionalString("description"), f.optionalString("http_status"));
  }
}
